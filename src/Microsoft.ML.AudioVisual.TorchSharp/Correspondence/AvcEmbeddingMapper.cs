using Microsoft.ML.AudioVisual.Data;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>Binds an <see cref="AvcEmbeddingTransformer"/> to an input schema: which inputs exist decides which outputs are made.</summary>
internal sealed class AvcEmbeddingMapper : RowBatchMapper
{
    private readonly AvcEmbeddingTransformer _parent;
    private readonly AvcEmbeddingOptions _options;
    private readonly DataViewSchema.Column? _visual;
    private readonly DataViewSchema.Column? _audio;
    private readonly int _frames;
    private readonly List<DataViewSchema.DetachedColumn> _outputs = [];
    private readonly int _visualOutput = -1, _audioOutput = -1, _scoreOutput = -1;

    public AvcEmbeddingMapper(AvcEmbeddingTransformer parent, DataViewSchema inputSchema) : base(inputSchema)
    {
        _parent = parent;
        _options = parent.Options;
        var shapes = parent.Shapes;
        var visualDims = AvcInputShapes.VisualDimensions(inputSchema, _options.VisualColumnName, required: false);
        var audioDims = AvcInputShapes.AudioDimensions(inputSchema, _options.AudioColumnName, required: false);
        if (visualDims is null && audioDims is null)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"Could not find input column '{_options.AudioColumnName}' or '{_options.VisualColumnName}': the model needs at least one of them.");
        var embedding = new VectorDataViewType(NumberDataViewType.Single, parent.EmbeddingDimension);
        if (visualDims is not null)
        {
            if (!shapes.AcceptsVisual(visualDims))
                throw SchemaErrors.Mismatch(_options.VisualColumnName, shapes.VisualDescription, inputSchema[_options.VisualColumnName].Type.ToString() ?? "?");
            _visual = inputSchema[_options.VisualColumnName];
            _frames = visualDims.Length == 4 ? visualDims[0] : 1;
            _visualOutput = _outputs.Count;
            _outputs.Add(new(_options.VisualEmbeddingColumnName, embedding));
        }
        if (audioDims is not null)
        {
            if (audioDims[0] != shapes.AudioBins || audioDims[1] != shapes.AudioFrames)
                throw SchemaErrors.Mismatch(_options.AudioColumnName, shapes.AudioDescription, inputSchema[_options.AudioColumnName].Type.ToString() ?? "?");
            _audio = inputSchema[_options.AudioColumnName];
            _audioOutput = _outputs.Count;
            _outputs.Add(new(_options.AudioEmbeddingColumnName, embedding));
        }
        if (_visual is not null && _audio is not null && _options.ScoreColumnName is string score)
        {
            _scoreOutput = _outputs.Count;
            _outputs.Add(new(score, NumberDataViewType.Single));
        }
    }

    public override IReadOnlyList<DataViewSchema.DetachedColumn> Outputs => _outputs;

    public override int BatchSize => _options.InferenceBatchSize;

    public override IEnumerable<DataViewSchema.Column> GetDependencies(Func<int, bool> isOutputActive)
    {
        bool score = _scoreOutput >= 0 && isOutputActive(_scoreOutput);
        if (_visual is { } v && (score || (_visualOutput >= 0 && isOutputActive(_visualOutput)))) yield return v;
        if (_audio is { } a && (score || (_audioOutput >= 0 && isOutputActive(_audioOutput)))) yield return a;
    }

    public override RowBatchWorker CreateWorker(DataViewRow input, Func<int, bool> isOutputActive) => new Worker(this, input, isOutputActive);

    private sealed class Worker : RowBatchWorker
    {
        private readonly AvcEmbeddingMapper _mapper;
        private readonly DataViewRow _input;
        private readonly bool _wantVisual, _wantAudio, _wantScore;
        private readonly ValueGetter<VBuffer<float>>? _visualGetter, _audioGetter;
        private readonly float[] _visualRows = [], _audioRows = [];
        private readonly VectorSlotBuffer? _visualOut, _audioOut;
        private readonly float[] _scores;
        private readonly int _visualSize, _audioSize;
        private VBuffer<float> _buffer;

        public Worker(AvcEmbeddingMapper mapper, DataViewRow input, Func<int, bool> isOutputActive)
        {
            _mapper = mapper;
            _input = input;
            int batch = mapper.BatchSize, dim = mapper._parent.EmbeddingDimension;
            var shapes = mapper._parent.Shapes;
            _wantScore = mapper._scoreOutput >= 0 && isOutputActive(mapper._scoreOutput);
            _wantVisual = mapper._visualOutput >= 0 && isOutputActive(mapper._visualOutput);
            _wantAudio = mapper._audioOutput >= 0 && isOutputActive(mapper._audioOutput);
            _visualSize = mapper._frames * shapes.ImageSize;
            _audioSize = shapes.AudioSize;
            if (_wantVisual || _wantScore)
            {
                _visualGetter = input.GetGetter<VBuffer<float>>(mapper._visual!.Value);
                _visualRows = new float[batch * _visualSize];
            }
            if (_wantAudio || _wantScore)
            {
                _audioGetter = input.GetGetter<VBuffer<float>>(mapper._audio!.Value);
                _audioRows = new float[batch * _audioSize];
            }
            if (_wantVisual) _visualOut = new VectorSlotBuffer(batch, dim);
            if (_wantAudio) _audioOut = new VectorSlotBuffer(batch, dim);
            _scores = new float[_wantScore ? batch : 0];
        }

        public override bool Load(int slot)
        {
            if (_visualGetter is not null) Read(_visualGetter, _visualRows.AsSpan(slot * _visualSize, _visualSize), _mapper._visual!.Value.Name);
            if (_audioGetter is not null) Read(_audioGetter, _audioRows.AsSpan(slot * _audioSize, _audioSize), _mapper._audio!.Value.Name);
            return true;
        }

        private void Read(ValueGetter<VBuffer<float>> getter, Span<float> target, string column) =>
            FiniteVectors.Read(getter, ref _buffer, target, column, _input.Position);

        public override void Compute(int count)
        {
            if (!_wantVisual && !_wantAudio && !_wantScore) return;
            int dim = _mapper._parent.EmbeddingDimension;
            var visualOut = _wantVisual ? new float[count * dim] : [];
            var audioOut = _wantAudio ? new float[count * dim] : [];
            _mapper._parent.Engine.Run(_visualRows.AsSpan(0, _visualGetter is null ? 0 : count * _visualSize), _mapper._frames,
                _audioRows.AsSpan(0, _audioGetter is null ? 0 : count * _audioSize), count,
                visualOut, audioOut, _scores.AsSpan(0, _wantScore ? count : 0));
            for (int i = 0; i < count; i++)
            {
                if (_wantVisual) visualOut.AsSpan(i * dim, dim).CopyTo(_visualOut![i]);
                if (_wantAudio) audioOut.AsSpan(i * dim, dim).CopyTo(_audioOut![i]);
            }
        }

        public override Delegate CreateGetter(int output, Func<int> slot)
        {
            if (output == _mapper._visualOutput) return _visualOut!.CreateGetter(slot);
            if (output == _mapper._audioOutput) return _audioOut!.CreateGetter(slot);
            if (output == _mapper._scoreOutput) return (ValueGetter<float>)((ref float value) => value = _scores[slot()]);
            throw new ArgumentOutOfRangeException(nameof(output));
        }
    }
}
