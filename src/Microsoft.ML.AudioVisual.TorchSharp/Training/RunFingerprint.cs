using System.Reflection;
using System.Text.Json;
using Microsoft.ML.AudioVisual.Persistence;

namespace Microsoft.ML.AudioVisual.Training;

/// <summary>
/// Identifies a training run so that only the same run resumes from a checkpoint: the options as saved with
/// the model, minus those marked <see cref="NotPartOfRunAttribute"/>, plus the seed and a description of the
/// data. Derived from the options themselves, so no list of names has to be kept in step with them.
/// </summary>
internal static class RunFingerprint
{
    public static string Of(TrainingOptionsBase options, int seed, string data)
    {
        var json = JsonSerializer.SerializeToNode(options, options.GetType(), ModelArchive.Json)!.AsObject();
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            if (property.GetCustomAttribute<NotPartOfRunAttribute>() is not null)
                json.Remove(ModelArchive.Json.PropertyNamingPolicy!.ConvertName(property.Name));
        return $"{options.GetType().Name}|{json.ToJsonString()}|seed={seed}|{data}";
    }
}
