using Microsoft.ML.AudioVisual.Data;

namespace Microsoft.ML.AudioVisual.Synchronization;

/// <summary>
/// Binds an <see cref="AudioVisualSyncTransformer"/> to an input schema. The frames column's length decides the outputs:
/// rows of one clip get embeddings and a score (a batch per forward pass), longer rows get the offset scan (one row per
/// call, its clips batched).
/// </summary>
internal sealed class AudioVisualSyncMapper : RowBatchMapper
{
    private readonly AudioVisualSyncTransformer _parent;
    private readonly AudioVisualSyncOptions _options;
    private readonly DataViewSchema.Column _visual;
    private readonly DataViewSchema.Column _audio;
    private readonly int _frames;
    private readonly int _columns;
    private readonly List<DataViewSchema.DetachedColumn> _outputs = [];

    public AudioVisualSyncMapper(AudioVisualSyncTransformer parent, DataViewSchema inputSchema) : base(inputSchema)
    {
        _parent = parent;
        _options = parent.Options;
        var shapes = parent.Shapes;
        var (visual, audio) = SyncInputShapes.Dimensions(inputSchema, _options.VisualColumnName, _options.AudioColumnName);
        if (visual[1] != shapes.Channels || visual[2] != shapes.Height || visual[3] != shapes.Width || visual[0] < shapes.ClipFrames)
            throw SchemaErrors.Mismatch(_options.VisualColumnName, shapes.VisualDescription, inputSchema[_options.VisualColumnName].Type.ToString() ?? "?");
        if (audio[0] != shapes.AudioBins || shapes.LastAudioStart(audio[1]) < 0)
            throw SchemaErrors.Mismatch(_options.AudioColumnName, shapes.AudioDescription, inputSchema[_options.AudioColumnName].Type.ToString() ?? "?");
        _visual = inputSchema[_options.VisualColumnName];
        _audio = inputSchema[_options.AudioColumnName];
        _frames = visual[0];
        _columns = audio[1];
        if (IsClip)
        {
            var embedding = new VectorDataViewType(NumberDataViewType.Single, parent.EmbeddingDimension);
            _outputs.Add(new(_options.VisualEmbeddingColumnName, embedding));
            _outputs.Add(new(_options.AudioEmbeddingColumnName, embedding));
            _outputs.Add(new(_options.ScoreColumnName, NumberDataViewType.Single));
        }
        else
        {
            _outputs.AddRange(VideoOutputs(_options));
        }
    }

    /// <summary>The columns rows longer than a clip get (what the estimator promises for video rows).</summary>
    internal static IEnumerable<DataViewSchema.DetachedColumn> VideoOutputs(AudioVisualSyncOptions options) =>
    [
        new(options.ScoreColumnName, NumberDataViewType.Single),
        new(options.OffsetColumnName, NumberDataViewType.Single),
        new(options.ConfidenceColumnName, NumberDataViewType.Single),
        new(options.CurveColumnName, new VectorDataViewType(NumberDataViewType.Single, 2 * options.MaxOffsetFrames + 1)),
    ];

    private bool IsClip => _frames == _parent.Shapes.ClipFrames;

    public override IReadOnlyList<DataViewSchema.DetachedColumn> Outputs => _outputs;

    public override int BatchSize => IsClip ? _options.InferenceBatchSize : 1;

    public override IEnumerable<DataViewSchema.Column> GetDependencies(Func<int, bool> isOutputActive) =>
        Enumerable.Range(0, _outputs.Count).Any(isOutputActive) ? [_visual, _audio] : [];

    public override RowBatchWorker CreateWorker(DataViewRow input, Func<int, bool> isOutputActive) =>
        IsClip ? new ClipWorker(this, input, isOutputActive) : new VideoWorker(this, input, isOutputActive);

    /// <summary>Reads the two inputs of the current row into buffers, checking that they are finite.</summary>
    private abstract class InputReader : RowBatchWorker
    {
        private readonly DataViewRow _input;
        private readonly ValueGetter<VBuffer<float>>? _visualGetter, _audioGetter;
        private VBuffer<float> _buffer;

        protected InputReader(AudioVisualSyncMapper mapper, DataViewRow input, bool active)
        {
            Mapper = mapper;
            _input = input;
            if (!active) return;
            _visualGetter = input.GetGetter<VBuffer<float>>(mapper._visual);
            _audioGetter = input.GetGetter<VBuffer<float>>(mapper._audio);
        }

        protected AudioVisualSyncMapper Mapper { get; }

        protected bool Active => _visualGetter is not null;

        protected void Read(Span<float> visual, Span<float> audio)
        {
            Read(_visualGetter!, visual, Mapper._visual.Name);
            Read(_audioGetter!, audio, Mapper._audio.Name);
        }

        private void Read(ValueGetter<VBuffer<float>> getter, Span<float> target, string column) =>
            FiniteVectors.Read(getter, ref _buffer, target, column, _input.Position);
    }

    private sealed class ClipWorker : InputReader
    {
        private readonly float[] _visual, _audio;
        private readonly VectorSlotBuffer _visualOut, _audioOut;
        private readonly float[] _scores;

        public ClipWorker(AudioVisualSyncMapper mapper, DataViewRow input, Func<int, bool> isOutputActive)
            : base(mapper, input, Enumerable.Range(0, mapper._outputs.Count).Any(isOutputActive))
        {
            var shapes = mapper._parent.Shapes;
            int batch = mapper.BatchSize, dim = mapper._parent.EmbeddingDimension;
            _visual = new float[Active ? batch * shapes.VisualClipSize : 0];
            _audio = new float[Active ? batch * shapes.AudioClipSize : 0];
            _visualOut = new VectorSlotBuffer(batch, dim);
            _audioOut = new VectorSlotBuffer(batch, dim);
            _scores = new float[batch];
        }

        public override bool Load(int slot)
        {
            if (!Active) return true;
            var shapes = Mapper._parent.Shapes;
            // A clip row's spectrogram may hold a column more than the clip (a centred STFT's last frame): only the clip's columns are read.
            var spectrogram = new float[shapes.AudioBins * Mapper._columns];
            Read(_visual.AsSpan(slot * shapes.VisualClipSize, shapes.VisualClipSize), spectrogram);
            shapes.CopyAudioClip(spectrogram, Mapper._columns, 0, _audio.AsSpan(slot * shapes.AudioClipSize, shapes.AudioClipSize));
            return true;
        }

        public override void Compute(int count)
        {
            if (!Active) return;
            var shapes = Mapper._parent.Shapes;
            int dim = Mapper._parent.EmbeddingDimension;
            var visual = new float[count * dim];
            var audio = new float[count * dim];
            Mapper._parent.Engine.Score(_visual.AsSpan(0, count * shapes.VisualClipSize), _audio.AsSpan(0, count * shapes.AudioClipSize), count, _scores, visual, audio);
            for (int i = 0; i < count; i++)
            {
                visual.AsSpan(i * dim, dim).CopyTo(_visualOut[i]);
                audio.AsSpan(i * dim, dim).CopyTo(_audioOut[i]);
            }
        }

        public override Delegate CreateGetter(int output, Func<int> slot) => output switch
        {
            0 => _visualOut.CreateGetter(slot),
            1 => _audioOut.CreateGetter(slot),
            2 => (ValueGetter<float>)((ref float value) => value = _scores[slot()]),
            _ => throw new ArgumentOutOfRangeException(nameof(output)),
        };
    }

    private sealed class VideoWorker : InputReader
    {
        private readonly float[] _visual, _audio;
        private SyncOffsetEstimate? _estimate;

        public VideoWorker(AudioVisualSyncMapper mapper, DataViewRow input, Func<int, bool> isOutputActive)
            : base(mapper, input, Enumerable.Range(0, mapper._outputs.Count).Any(isOutputActive))
        {
            var shapes = mapper._parent.Shapes;
            _visual = new float[Active ? mapper._frames * shapes.FrameSize : 0];
            _audio = new float[Active ? mapper._columns * shapes.AudioBins : 0];
        }

        public override bool Load(int slot)
        {
            if (Active) Read(_visual, _audio);
            return true;
        }

        public override void Compute(int count)
        {
            if (Active) _estimate = Mapper._parent.EstimateOffset(_visual, Mapper._frames, _audio);
        }

        public override Delegate CreateGetter(int output, Func<int> slot) => output switch
        {
            0 => (ValueGetter<float>)((ref float value) => value = (float)_estimate!.InSyncScore),
            1 => (ValueGetter<float>)((ref float value) => value = (float)_estimate!.OffsetSeconds),
            2 => (ValueGetter<float>)((ref float value) => value = (float)_estimate!.Confidence),
            3 => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
            {
                var curve = _estimate!.Curve;
                var editor = VBufferEditor.Create(ref value, curve.Count);
                for (int i = 0; i < curve.Count; i++) editor.Values[i] = curve[i];
                value = editor.Commit();
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(output)),
        };
    }
}
