namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>Builds the network an options object describes, so that loading rebuilds exactly the trained module.</summary>
internal static class AvcNetworkFactory
{
    public static AvcNetwork Create(AvcEmbeddingOptions options, int visualChannels) => options.Architecture switch
    {
        AvcArchitecture.L3 => new L3Net(visualChannels, options.Tower, options.EmbeddingDimension),
        _ => new AveNet(visualChannels, options.Tower, options.EmbeddingDimension, options.HiddenDimension),
    };
}
