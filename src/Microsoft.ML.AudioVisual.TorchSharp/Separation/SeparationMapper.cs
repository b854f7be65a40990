using Microsoft.ML.AudioVisual.Data;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// Binds a separator (<see cref="MixAndSeparateTransformer"/>, <see cref="Motion.SoundOfMotionsTransformer"/>) to an input
/// schema: a mixture column and one visual column per source in; one separated waveform per source (and the masks) out.
/// </summary>
internal sealed class SeparationMapper : RowBatchMapper
{
    private readonly IVisualSeparator _parent;
    private readonly DataViewSchema.Column _mixture;
    private readonly DataViewSchema.Column[] _images;
    private readonly DataViewSchema.DetachedColumn[] _outputs;
    private readonly int _sources;

    public SeparationMapper(IVisualSeparator parent, DataViewSchema inputSchema) : base(inputSchema)
    {
        _parent = parent;
        _sources = parent.Sources;
        _mixture = SchemaErrors.Require(inputSchema, parent.MixtureColumnName);
        if (_mixture.Type is not VectorDataViewType { ItemType: NumberDataViewType n } mixtureType || n != NumberDataViewType.Single)
            throw SchemaErrors.Mismatch(_mixture.Name, "Vector<Single> (a waveform)", _mixture.Type.ToString() ?? "?");
        _images = [.. parent.VisualColumns.Select(name =>
        {
            parent.RequireVisualColumn(inputSchema, name);
            return inputSchema[name];
        })];
        // With a known mixture length the outputs have it too; the masks follow the clips the mixture is cut into.
        int length = mixtureType.IsKnownSize ? mixtureType.Size : 0;
        var frontEnd = parent.FrontEnd;
        int clips = length == 0 ? 0 : (length + frontEnd.ClipSamples - 1) / frontEnd.ClipSamples;
        var waveType = new VectorDataViewType(NumberDataViewType.Single, length);
        var maskType = clips == 0 ? new VectorDataViewType(NumberDataViewType.Single) : new VectorDataViewType(NumberDataViewType.Single, frontEnd.LogFrequencyBins, clips * frontEnd.SpectrogramFrames);
        var separated = parent.SeparatedColumns;
        _outputs = [.. separated.Select(name => new DataViewSchema.DetachedColumn(name, waveType)),
            .. parent.OutputMasks ? separated.Select(name => new DataViewSchema.DetachedColumn(name + "Mask", maskType)) : []];
    }

    public override IReadOnlyList<DataViewSchema.DetachedColumn> Outputs => _outputs;

    public override int BatchSize => _parent.InferenceBatchSize;

    public override IEnumerable<DataViewSchema.Column> GetDependencies(Func<int, bool> isOutputActive) =>
        Enumerable.Range(0, _outputs.Length).Any(isOutputActive) ? [_mixture, .. _images] : [];

    public override RowBatchWorker CreateWorker(DataViewRow input, Func<int, bool> isOutputActive) =>
        new Worker(this, input, Enumerable.Range(0, _outputs.Length).Any(isOutputActive));

    private sealed class Worker : RowBatchWorker
    {
        private readonly SeparationMapper _mapper;
        private readonly ValueGetter<VBuffer<float>>? _mixtureGetter;
        private readonly ValueGetter<VBuffer<float>>[] _imageGetters = [];
        private readonly float[][] _mixtures;
        private readonly float[][][] _images;
        private readonly SeparationResult[] _results;
        private VBuffer<float> _buffer;

        public Worker(SeparationMapper mapper, DataViewRow input, bool active)
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
