using Microsoft.ML.AudioVisual.Data;

namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>
/// Turns a frames column into dense trajectories (<see cref="DenseTrajectories"/>): Farneback optical flow between
/// consecutive frames, chained from a grid of seed points, as displacements per step.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// ### Input and output columns
/// | Column | Type | Content |
/// | -- | -- | -- |
/// | input (`Frames`) | Vector&lt;Single, T, C, H, W&gt; | T >= 2 frames, C = 1 (grey) or 3 (RGB) planes, any scaling (see `VideoFrameLoaderEstimator`) |
/// | output (`Trajectories`) | Vector&lt;Single, T-1, 2, H/s, W/s&gt; | per step, the horizontal then vertical move in pixels of each trajectory (s = `GridStride`) |
///
/// ### Estimator characteristics
/// | | |
/// | -- | -- |
/// | Does this estimator need to look at the data to train its parameters? | No |
/// | Input column data type | Known-size vector of Single |
/// | Required NuGet in addition to Microsoft.ML | Microsoft.ML.AudioVisual (OpenCvSharp4 comes with it, and a native OpenCV runtime: Linux x64's by default, see `OpenCvRuntimePackage`) |
/// ]]></format>
/// </remarks>
public sealed class MotionTrajectoriesEstimator : IEstimator<MotionTrajectoriesTransformer>
{
    private readonly MotionTrajectoriesOptions _options;

    internal MotionTrajectoriesEstimator(MotionTrajectoriesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.Clone();
    }

    /// <summary>Nothing to learn: checks the input schema and returns the transformer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The frames column is missing or not a <c>Vector&lt;Single, T, C, H, W&gt;</c> that trajectories fit.</exception>
    public MotionTrajectoriesTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = new MotionTrajectoriesTransformer(_options);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <summary>The input shape plus the trajectories column.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaErrors.RequireFloatVector(inputSchema, _options.InputColumnName, MotionTrajectoriesTransformer.InputExpectation);
        // A schema shape carries no sizes: any known-size vector stands for the output.
        return SchemaShapeFactory.Append(inputSchema, [new(_options.OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, 1, 2, 1, 1))]);
    }
}
