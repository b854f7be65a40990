using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.AudioVisual.Persistence;

namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>
/// Computes dense trajectories of a frames column lazily, row by row. Made by <see cref="MotionTrajectoriesEstimator"/>;
/// see there for the columns.
/// </summary>
public sealed class MotionTrajectoriesTransformer : AudioVisualTransformerBase
{
    internal const string InputExpectation = "Vector<Single, T, C, H, W> with T >= 2 and C = 1 or 3";

    internal const string ModelKindName = "MotionTrajectories";

    private readonly MotionTrajectoriesOptions _options;

    internal MotionTrajectoriesTransformer(MotionTrajectoriesOptions options)
    {
        options.Validate();
        _options = options.Clone();
    }

    /// <summary>A copy of the options.</summary>
    public MotionTrajectoriesOptions Options => _options.Clone();

    internal override string ModelKind => ModelKindName;

    /// <summary>The output shape <c>[T-1, 2, H / stride, W / stride]</c> for a frames shape <c>[T, C, H, W]</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The frames shape does not fit (fewer than two frames, 2 or 4+ channels, stride larger than a side).</exception>
    internal int[] OutputShape(IReadOnlyList<int> frames, string column)
    {
        if (frames.Count != 4 || frames[0] < 2 || frames[1] is not (1 or 3))
            throw SchemaErrors.Mismatch(column, InputExpectation, $"Vector<Single, {string.Join(", ", frames)}>");
        int height = frames[2], width = frames[3], stride = _options.GridStride;
        if (stride > Math.Min(height, width))
            throw new ArgumentOutOfRangeException("inputSchema",
                $"Column '{column}' holds {width}x{height} frames, smaller than the trajectory grid stride {stride}: lower GridStride to at most {Math.Min(height, width)}.");
        return [frames[0] - 1, 2, height / stride, width / stride];
    }

    private protected override RowBatchMapper CreateMapper(DataViewSchema inputSchema) => new Mapper(this, inputSchema);

    private protected override void SaveContents(ModelArchiveWriter writer) => writer.SetObject("options", _options);

    internal static MotionTrajectoriesTransformer LoadFrom(MLContext context, ModelArchiveReader reader) =>
        new(reader.GetObject<MotionTrajectoriesOptions>("options"));

    private sealed class Mapper : RowBatchMapper
    {
        private readonly MotionTrajectoriesTransformer _parent;
        private readonly DataViewSchema.Column _input;
        private readonly int[] _frames;
        private readonly DataViewSchema.DetachedColumn[] _outputs;

        public Mapper(MotionTrajectoriesTransformer parent, DataViewSchema inputSchema) : base(inputSchema)
        {
            _parent = parent;
            string name = parent._options.InputColumnName;
            _frames = SchemaErrors.RequireFloatVector(inputSchema, name, InputExpectation);
            _input = inputSchema[name];
            var shape = parent.OutputShape(_frames, name);
            _outputs = [new(parent._options.OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, shape))];
        }

        public override IReadOnlyList<DataViewSchema.DetachedColumn> Outputs => _outputs;

        public override IEnumerable<DataViewSchema.Column> GetDependencies(Func<int, bool> isOutputActive) => isOutputActive(0) ? [_input] : [];

        public override RowBatchWorker CreateWorker(DataViewRow input, Func<int, bool> isOutputActive) =>
            new Worker(this, isOutputActive(0) ? input.GetGetter<VBuffer<float>>(_input) : null, input);

        private sealed class Worker(Mapper mapper, ValueGetter<VBuffer<float>>? getter, DataViewRow row) : RowBatchWorker
        {
            private readonly VectorSlotBuffer _trajectories = new(1, ((VectorDataViewType)mapper._outputs[0].Type).Size);
            private VBuffer<float> _buffer;
            private float[] _values = [];

            public override bool Load(int slot)
            {
                if (getter is null) return true;
                getter(ref _buffer);
                if (_values.Length != _buffer.Length) _values = new float[_buffer.Length];
                _buffer.CopyTo(_values);
                var f = mapper._frames;
                var options = mapper._parent._options;
                string source = $"Column '{mapper._input.Name}' at row {row.Position}";
                var flow = OpticalFlow.Farneback(_values, f[0], f[1], f[2], f[3], options.Flow, source);
                DenseTrajectories.Track(flow, f[0] - 1, f[2], f[3], options.GridStride).Displacements.CopyTo(_trajectories[0], 0);
                return true;
            }

            public override Delegate CreateGetter(int output, Func<int> slot) => _trajectories.CreateGetter(slot);
        }
    }
}
