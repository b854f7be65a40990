using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Data;

namespace Microsoft.ML.AudioVisual.Localization;

/// <summary>Binds a <see cref="SoundLocalizerTransformer"/> to an input schema; the image size there decides the heat-map grid.</summary>
internal sealed class SoundLocalizerMapper : RowBatchMapper
{
    internal const string VisualExpectation = "Vector<Single, C, H, W> or Vector<Single, 1, C, H, W>";

    private readonly SoundLocalizerTransformer _parent;
    private readonly SoundLocalizerOptions _options;
    private readonly DataViewSchema.Column _visual, _audio;
    private readonly (int C, int H, int W) _image;
    private readonly (int H, int W) _grid;
    private readonly DataViewSchema.DetachedColumn[] _outputs;

    public SoundLocalizerMapper(SoundLocalizerTransformer parent, DataViewSchema inputSchema) : base(inputSchema)
    {
        _parent = parent;
        _options = parent.Options;
        var shapes = parent.Shapes;
        var visualDims = SchemaErrors.RequireFloatVector(inputSchema, _options.VisualColumnName, VisualExpectation);
        if (visualDims.Length == 4 && visualDims[0] == 1) visualDims = visualDims[1..]; // a one-frame clip, as LoadVideoFrames gives
        if (visualDims.Length != 3 || visualDims[0] != shapes.Channels)
            throw SchemaErrors.Mismatch(_options.VisualColumnName, $"Vector<Single, {shapes.Channels}, H, W>", inputSchema[_options.VisualColumnName].Type.ToString() ?? "?");
        var audioDims = AvcInputShapes.AudioDimensions(inputSchema, _options.AudioColumnName)!;
        if (audioDims[0] != shapes.AudioBins || audioDims[1] != shapes.AudioFrames)
            throw SchemaErrors.Mismatch(_options.AudioColumnName, shapes.AudioDescription, inputSchema[_options.AudioColumnName].Type.ToString() ?? "?");
        _visual = inputSchema[_options.VisualColumnName];
        _audio = inputSchema[_options.AudioColumnName];
        _image = (visualDims[0], visualDims[1], visualDims[2]);
        _grid = parent.CheckedGrid(_image.H, _image.W);
        _outputs =
        [
            new(_options.HeatmapColumnName, new VectorDataViewType(NumberDataViewType.Single, _grid.H, _grid.W)),
            new(_options.ScoreColumnName, NumberDataViewType.Single),
            new(_options.PeakCellColumnName, new VectorDataViewType(NumberDataViewType.Int32, 2)),
        ];
    }

    public override IReadOnlyList<DataViewSchema.DetachedColumn> Outputs => _outputs;

    public override int BatchSize => _options.InferenceBatchSize;

    public override IEnumerable<DataViewSchema.Column> GetDependencies(Func<int, bool> isOutputActive) =>
        Enumerable.Range(0, _outputs.Length).Any(isOutputActive) ? [_visual, _audio] : [];

    public override RowBatchWorker CreateWorker(DataViewRow input, Func<int, bool> isOutputActive) =>
        new Worker(this, input, Enumerable.Range(0, _outputs.Length).Any(isOutputActive));

    private sealed class Worker : RowBatchWorker
    {
        private readonly SoundLocalizerMapper _mapper;
        private readonly DataViewRow _input;
        private readonly ValueGetter<VBuffer<float>>? _visualGetter, _audioGetter;
        private readonly float[] _images = [], _spectrograms = [];
        private readonly VectorSlotBuffer _maps;
        private readonly float[] _scores;
        private readonly int[][] _peaks;
        private readonly int _imageSize, _audioSize;
        private VBuffer<float> _buffer;

        public Worker(SoundLocalizerMapper mapper, DataViewRow input, bool active)
        {
            _mapper = mapper;
            _input = input;
            int batch = mapper.BatchSize;
            _imageSize = mapper._image.C * mapper._image.H * mapper._image.W;
            _audioSize = mapper._parent.Shapes.AudioSize;
            if (active)
            {
                _visualGetter = input.GetGetter<VBuffer<float>>(mapper._visual);
                _audioGetter = input.GetGetter<VBuffer<float>>(mapper._audio);
                _images = new float[batch * _imageSize];
                _spectrograms = new float[batch * _audioSize];
            }
            _maps = new VectorSlotBuffer(batch, mapper._grid.H * mapper._grid.W);
            _scores = new float[batch];
            _peaks = Enumerable.Range(0, batch).Select(_ => new int[2]).ToArray();
        }

        public override bool Load(int slot)
        {
            if (_visualGetter is null) return true;
            Read(_visualGetter, _images.AsSpan(slot * _imageSize, _imageSize), _mapper._visual.Name);
            Read(_audioGetter!, _spectrograms.AsSpan(slot * _audioSize, _audioSize), _mapper._audio.Name);
            return true;
        }

        private void Read(ValueGetter<VBuffer<float>> getter, Span<float> target, string column) =>
            FiniteVectors.Read(getter, ref _buffer, target, column, _input.Position);

        public override void Compute(int count)
        {
            if (_visualGetter is null) return;
            int cells = _maps.Length;
            var maps = new float[count * cells];
            _mapper._parent.Engine.Run(_images, _mapper._image, _spectrograms,
                (_mapper._parent.Shapes.AudioBins, _mapper._parent.Shapes.AudioFrames), count, maps, _scores.AsSpan(0, count));
            for (int i = 0; i < count; i++)
            {
                maps.AsSpan(i * cells, cells).CopyTo(_maps[i]);
                var (row, column) = LocalizationResult.Peak(_maps[i], _mapper._grid.W);
                _peaks[i][0] = row;
                _peaks[i][1] = column;
            }
        }

        public override Delegate CreateGetter(int output, Func<int> slot) => output switch
        {
            0 => _maps.CreateGetter(slot),
            1 => (ValueGetter<float>)((ref float value) => value = _scores[slot()]),
            2 => (ValueGetter<VBuffer<int>>)((ref VBuffer<int> value) =>
            {
                var editor = VBufferEditor.Create(ref value, 2);
                editor.Values[0] = _peaks[slot()][0];
                editor.Values[1] = _peaks[slot()][1];
                value = editor.Commit();
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(output)),
        };
    }
}
