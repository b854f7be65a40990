namespace Microsoft.ML.AudioVisual.Synchronization;

/// <summary>One stage of a <see cref="SyncCurriculum"/>.</summary>
/// <param name="Start">Where the stage starts, as a fraction of the planned epochs (0 for the first stage).</param>
/// <param name="HardNegativeFraction">Fraction of the negatives that are hard (the same video, shifted) during the stage; the rest are easy (another video).</param>
public sealed record CurriculumStage(double Start, double HardNegativeFraction);

/// <summary>
/// The negatives' schedule of synchronisation training, one of AVTS's three critical ingredients: which share of the
/// negatives are hard (the same video with its audio shifted in time) rather than easy (audio of another video), stage by
/// stage. AVTS starts with easy negatives only, so the networks first learn what sounds go with what sights, and then
/// adds hard ones (one in four) to teach them motion and timing.
/// </summary>
public sealed class SyncCurriculum
{
    /// <summary>The share of hard negatives after the switch of the default curriculum: easy:hard 3:1.</summary>
    public const double DefaultHardNegativeFraction = 0.25;

    /// <summary>Where the default curriculum switches from easy negatives only to easy:hard 3:1, as a fraction of the planned epochs.</summary>
    public const double DefaultSwitch = 0.25;

    /// <summary>The stages, by increasing <see cref="CurriculumStage.Start"/>; the first starts at 0.</summary>
    public IReadOnlyList<CurriculumStage> Stages { get; init; } = [new(0, 0), new(DefaultSwitch, DefaultHardNegativeFraction)];

    /// <summary>AVTS's curriculum: easy negatives only for the first quarter of the epochs, then easy:hard 3:1.</summary>
    public static SyncCurriculum Default => new();

    /// <summary>Easy negatives only for the first quarter of the epochs, then <paramref name="hardNegativeFraction"/> of them hard.</summary>
    public static SyncCurriculum EasyFirst(double hardNegativeFraction = DefaultHardNegativeFraction) =>
        new() { Stages = [new(0, 0), new(DefaultSwitch, hardNegativeFraction)] };

    /// <summary>No curriculum: easy:hard 3:1 (or <paramref name="hardNegativeFraction"/>) from the first step.</summary>
    public static SyncCurriculum Constant(double hardNegativeFraction = DefaultHardNegativeFraction) => new() { Stages = [new(0, hardNegativeFraction)] };

    /// <summary>The hard share of the negatives in epoch <paramref name="epoch"/> (0-based) of <paramref name="epochs"/>.</summary>
    public double HardNegativeFractionAt(int epoch, int epochs)
    {
        double progress = (double)epoch / Math.Max(epochs, 1);
        double fraction = Stages[0].HardNegativeFraction;
        // A tiny tolerance so that a stage starting at 0.25 of 4 epochs starts at epoch 1 despite rounding.
        foreach (var stage in Stages)
            if (stage.Start <= progress + 1e-9) fraction = stage.HardNegativeFraction;
        return fraction;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming <paramref name="name"/> when the schedule is unusable.</summary>
    public void Validate(string name)
    {
        if (Stages is null || Stages.Count == 0) throw new ArgumentOutOfRangeException(name, $"{name} needs at least one stage.");
        if (Stages[0].Start != 0) throw new ArgumentOutOfRangeException(name, $"{name}: the first stage must start at 0, got {Stages[0].Start}.");
        for (int i = 0; i < Stages.Count; i++)
        {
            var stage = Stages[i];
            if (!(stage.HardNegativeFraction >= 0 && stage.HardNegativeFraction <= 1))
                throw new ArgumentOutOfRangeException(name, $"{name}: stage {i} has a hard-negative fraction of {stage.HardNegativeFraction}; it must be in [0, 1].");
            if (!(stage.Start >= 0 && stage.Start < 1) || (i > 0 && stage.Start <= Stages[i - 1].Start))
                throw new ArgumentOutOfRangeException(name, $"{name}: stage starts must increase within [0, 1), got {string.Join(", ", Stages.Select(s => s.Start))}.");
        }
    }

    /// <summary>"0: easy only, 0.25: 25 % hard" for logs.</summary>
    public override string ToString() => string.Join(", ", Stages.Select(s =>
        $"{s.Start:0.##}: " + (s.HardNegativeFraction == 0 ? "easy only" : $"{s.HardNegativeFraction:P0} hard")));
}
