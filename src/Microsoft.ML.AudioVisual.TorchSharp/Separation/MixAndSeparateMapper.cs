using Microsoft.ML.AudioVisual.Data;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>Binds a <see cref="MixAndSeparateTransformer"/> to an input schema: a mixture column and one image column per source.</summary>
internal sealed class MixAndSeparateMapper : RowBatchMapper
{
    private readonly MixAndSeparateTransformer _parent;
    private readonly DataViewSchema.Column _mixture;
    private readonly DataViewSchema.Column[] _images;
    private readonly DataViewSchema.DetachedColumn[] _outputs;
    private readonly int _sources;

    public MixAndSeparateMapper(MixAndSeparateTransformer parent, DataViewSchema inputSchema) : base(inputSchema)
    {
        _parent = parent;
        var options = parent.Options;
        _sources = options.Sources;
        _mixture = SchemaErrors.Require(inputSchema, options.MixtureColumnName);
        if (_mixture.Type is not VectorDataViewType { ItemType: NumberDataViewType n } mixtureType || n != NumberDataViewType.Single)
            throw SchemaErrors.Mismatch(_mixture.Name, "Vector<Single> (a waveform)", _mixture.Type.ToString() ?? "?");
        _images = [.. options.VisualColumns().Select(name =>
        {
            var shape = VisualShape.FromSchema(inputSchema, name);
            if (shape != parent.VisualShape)
                throw SchemaErrors.Mismatch(name, $"Vector<Single, {parent.VisualShape.Frames}, {parent.VisualShape.Channels}, {parent.VisualShape.Height}, {parent.VisualShape.Width}> (or without the frame axis when it is 1)",
                    inputSchema[name].Type.ToString() ?? "?");
            return inputSchema[name];
        })];
        // With a known mixture length the outputs have it too; the masks follow the clips the mixture is cut into.
        int length = mixtureType.IsKnownSize ? mixtureType.Size : 0;
        var frontEnd = parent.FrontEnd;
        int clips = length == 0 ? 0 : (length + frontEnd.ClipSamples - 1) / frontEnd.ClipSamples;
        var waveType = new VectorDataViewType(NumberDataViewType.Single, length);
        var maskType = clips == 0 ? new VectorDataViewType(NumberDataViewType.Single) : new VectorDataViewType(NumberDataViewType.Single, frontEnd.LogFrequencyBins, clips * frontEnd.SpectrogramFrames);
        var separated = options.SeparatedColumns();
        _outputs = [.. separated.Select(name => new DataViewSchema.DetachedColumn(name, waveType)),
            .. options.OutputMasks ? separated.Select(name => new DataViewSchema.DetachedColumn(name + "Mask", maskType)) : []];
    }

    public override IReadOnlyList<DataViewSchema.DetachedColumn> Outputs => _outputs;

    public override int BatchSize => _parent.Options.InferenceBatchSize;

    public override IEnumerable<DataViewSchema.Column> GetDependencies(Func<int, bool> isOutputActive) =>
        Enumerable.Range(0, _outputs.Length).Any(isOutputActive) ? [_mixture, .. _images] : [];

    public override RowBatchWorker CreateWorker(DataViewRow input, Func<int, bool> isOutputActive) =>
        new Worker(this, input, Enumerable.Range(0, _outputs.Length).Any(isOutputActive));

    private sealed class Worker : RowBatchWorker
    {
        private readonly MixAndSeparateMapper _mapper;
        private readonly ValueGetter<VBuffer<float>>? _mixtureGetter;
        private readonly ValueGetter<VBuffer<float>>[] _imageGetters = [];
        private readonly float[][] _mixtures;
        private readonly float[][][] _images;
        private readonly SeparationResult[] _results;
        private VBuffer<float> _buffer;

        public Worker(MixAndSeparateMapper mapper, DataViewRow input, bool active)
        {
            _mapper = mapper;
            int batch = mapper.BatchSize;
            _mixtures = new float[batch][];
            _images = new float[batch][][];
            _results = new SeparationResult[batch];
            if (active)
            {
                _mixtureGetter = input.GetGetter<VBuffer<float>>(mapper._mixture);
                _imageGetters = [.. mapper._images.Select(c => input.GetGetter<VBuffer<float>>(c))];
            }
        }

        public override bool Load(int slot)
        {
            if (_mixtureGetter is null) return true;
            _mixtureGetter(ref _buffer);
            _mixtures[slot] = _buffer.DenseValues().ToArray();
            _images[slot] = [.. _imageGetters.Select(getter =>
            {
                getter(ref _buffer);
                return _buffer.DenseValues().ToArray();
            })];
            return true;
        }

        public override void Compute(int count)
        {
            if (_mixtureGetter is null) return;
            var results = _mapper._parent.Separate(_mixtures[..count], [.. _images[..count].Select(i => (IReadOnlyList<float[]>)i)]);
            for (int i = 0; i < count; i++) _results[i] = results[i];
        }

        public override Delegate CreateGetter(int output, Func<int> slot) =>
            (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
            {
                int sources = _mapper._sources;
                var result = _results[slot()];
                var values = output < sources ? result.Sources[output] : result.Masks[output - sources];
                var editor = VBufferEditor.Create(ref value, values.Length);
                values.CopyTo(editor.Values);
                value = editor.Commit();
            });
    }
}
