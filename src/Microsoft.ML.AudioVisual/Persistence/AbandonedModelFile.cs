using System.Reflection;

namespace Microsoft.ML.AudioVisual.Persistence;

/// <summary>
/// Removes the file that <c>mlContext.Model.Save(model, schema, path)</c> has already created when one of this
/// library's transformers refuses to be saved that way. ML.NET opens the file before it asks the components to save
/// and then disposes it on the exception, which would leave an incomplete zip that <c>Model.Load</c> later calls
/// "legacy format". The file stream sits behind ML.NET internals, so it is found by walking the save context's fields.
/// </summary>
internal static class AbandonedModelFile
{
    private const int MaxDepth = 6;

    /// <summary>Deletes the file being written through <paramref name="saveContext"/>, if it can be found and deleted.</summary>
    /// <returns>The deleted file's path, or null when no file stream was found or the file could not be deleted
    /// (on Windows an open file cannot be deleted; the exception message then asks the user to delete it).</returns>
    public static string? TryDelete(object saveContext)
    {
        var stream = FindFileStream(saveContext, 0, new HashSet<object>(ReferenceEqualityComparer.Instance));
        if (stream is null) return null;
        try
        {
            File.Delete(stream.Name);
            return File.Exists(stream.Name) ? null : stream.Name;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static FileStream? FindFileStream(object? value, int depth, HashSet<object> seen)
    {
        if (value is null || depth > MaxDepth || value.GetType().IsPrimitive || value is string || !seen.Add(value)) return null;
        if (value is FileStream { CanWrite: true } file) return file;
        for (var type = value.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsValueType || field.FieldType.IsArray || field.FieldType == typeof(string)) continue;
                if (FindFileStream(field.GetValue(value), depth + 1, seen) is { } found) return found;
            }
        }
        return null;
    }
}
