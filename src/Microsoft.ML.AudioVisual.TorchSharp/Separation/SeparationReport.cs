namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// Separation scores of a set of mixtures, the Sound of Pixels protocol: per mixture the mean over sources of
/// BSS_EVAL's SDR, SIR and SAR (estimate j against source j, no permutation), then the mean over mixtures.
/// </summary>
/// <param name="Nsdr">Mean SDR gained over the mixture (SDR − MixtureSdr), in dB.</param>
/// <param name="Sdr">Mean SDR of the estimates.</param>
/// <param name="Sir">Mean SIR of the estimates.</param>
/// <param name="Sar">Mean SAR of the estimates.</param>
/// <param name="MixtureSdr">Mean SDR of the mixture itself as every estimate (the do-nothing baseline).</param>
/// <param name="OracleIbmNsdr">Mean NSDR of the ideal binary mask (the binary training target through the same reconstruction): the ceiling of binary masking.</param>
/// <param name="Mixtures">Mixtures scored.</param>
/// <param name="Skipped">Mixtures skipped because a source or an estimate is (near) silent, where BSS_EVAL is undefined.</param>
public sealed record SeparationReport(double Nsdr, double Sdr, double Sir, double Sar, double MixtureSdr, double OracleIbmNsdr, int Mixtures, int Skipped);
