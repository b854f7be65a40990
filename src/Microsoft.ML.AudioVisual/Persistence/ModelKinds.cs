using System.Collections.Concurrent;
using System.Reflection;

namespace Microsoft.ML.AudioVisual.Persistence;

/// <summary>Loads one kind of model from its archive.</summary>
internal delegate ITransformer ModelLoader(MLContext context, ModelArchiveReader reader);

/// <summary>Lists the model kinds an assembly can load; named by <see cref="ModelKindProviderAttribute"/>.</summary>
internal interface IModelKindProvider
{
    /// <summary>Kind names (as stored in manifests) and their loaders.</summary>
    IEnumerable<KeyValuePair<string, ModelLoader>> Kinds { get; }
}

/// <summary>Names the <see cref="IModelKindProvider"/> of the assembly it is applied to.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
internal sealed class ModelKindProviderAttribute(Type providerType) : Attribute
{
    public Type ProviderType { get; } = providerType;
}

/// <summary>
/// Finds the loader of a saved model by the <c>kind</c> in its manifest, never by CLR type name, so that
/// renaming a namespace or class breaks no saved model. Assemblies declare their kinds with
/// <see cref="ModelKindProviderAttribute"/>; the manifest also names the assembly, which is loaded when no
/// loaded assembly provides the kind (an application that references it but has not touched it yet).
/// </summary>
internal static class ModelKinds
{
    private static readonly ConcurrentDictionary<string, ModelLoader> Loaders = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, bool> ScannedAssemblies = new(StringComparer.Ordinal);

    /// <summary>The loader of <paramref name="kind"/>.</summary>
    /// <exception cref="InvalidDataException">No assembly provides the kind.</exception>
    public static ModelLoader Find(string kind, string? assemblyHint, string path)
    {
        if (Loaders.TryGetValue(kind, out var loader)) return loader;
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies()) Scan(assembly);
        if (Loaders.TryGetValue(kind, out loader)) return loader;
        if (assemblyHint is not null)
        {
            try
            {
                Scan(Assembly.Load(new AssemblyName(assemblyHint)));
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                // Reported below with the kind and the assembly to reference.
            }
            if (Loaders.TryGetValue(kind, out loader)) return loader;
        }
        throw new InvalidDataException(
            $"Model '{path}' is a '{kind}' model, which no loaded assembly can read" +
            (assemblyHint is null ? "." : $": reference {assemblyHint} (for trained models, Microsoft.ML.AudioVisual.TorchSharp)."));
    }

    private static void Scan(Assembly assembly)
    {
        if (assembly.IsDynamic || !ScannedAssemblies.TryAdd(assembly.FullName ?? assembly.GetName().Name ?? "", true)) return;
        if (assembly.GetCustomAttribute<ModelKindProviderAttribute>() is not { } attribute) return;
        var provider = (IModelKindProvider)Activator.CreateInstance(attribute.ProviderType)!;
        foreach (var (kind, loader) in provider.Kinds) Loaders.TryAdd(kind, loader);
    }
}
