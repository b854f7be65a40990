using Xunit;

namespace Microsoft.ML.AudioVisual.Tests;

/// <summary>TorchSharp tests share global state (seeds, thread count): they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "TorchSharp";
}
