using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.AudioVisual.Persistence;

namespace Microsoft.ML.AudioVisual.Media;

/// <summary>
/// Decodes media files into frames, frame times and audio, lazily, one row at a time. Made by
/// <see cref="VideoFrameLoaderEstimator"/>; see there for the columns.
/// </summary>
public sealed class VideoFrameLoaderTransformer : AudioVisualTransformerBase
{
    /// <summary>Annotation on the audio column holding its sample rate (Int32).</summary>
    public const string SampleRateAnnotation = "SampleRate";

    private readonly VideoFrameLoaderOptions _options;
    private readonly ComponentLog _log;

    internal VideoFrameLoaderTransformer(MLContext context, VideoFrameLoaderOptions options)
    {
        _options = options.Clone();
        _log = new ComponentLog(context, "VideoFrameLoader");
    }

    /// <summary>A copy of the options.</summary>
    public VideoFrameLoaderOptions Options => _options.Clone();

    internal const string ModelKindName = "VideoFrameLoader";

    internal override string ModelKind => ModelKindName;

    internal static List<DataViewSchema.DetachedColumn> OutputColumns(VideoFrameLoaderOptions options)
    {
        var columns = new List<DataViewSchema.DetachedColumn>();
        int frames = options.EffectiveFrameCount;
        if (options.FramesColumnName is string framesName)
            columns.Add(new(framesName, new VectorDataViewType(NumberDataViewType.Single, frames, 3, options.Height, options.Width)));
        if (options.FrameTimesColumnName is string timesName)
            columns.Add(new(timesName, new VectorDataViewType(NumberDataViewType.Double, frames)));
        if (options.AudioColumnName is string audioName)
        {
            var annotations = new DataViewSchema.Annotations.Builder();
            int rate = options.SampleRate;
            annotations.Add(SampleRateAnnotation, NumberDataViewType.Int32, (ref int value) => value = rate);
            var type = options.AudioSampleCount is int n
                ? new VectorDataViewType(NumberDataViewType.Single, n)
                : new VectorDataViewType(NumberDataViewType.Single);
            columns.Add(new(audioName, type, annotations.ToAnnotations()));
        }
        return columns;
    }

    private protected override RowBatchMapper CreateMapper(DataViewSchema inputSchema) => new Mapper(this, inputSchema);

    private protected override void SaveContents(ModelArchiveWriter writer) => writer.SetObject("options", _options);

    internal static VideoFrameLoaderTransformer LoadFrom(MLContext context, ModelArchiveReader reader) =>
        new(context, reader.GetObject<VideoFrameLoaderOptions>("options"));

    private sealed class Mapper : RowBatchMapper
    {
        private readonly VideoFrameLoaderTransformer _parent;
        private readonly DataViewSchema.Column _input;
        private readonly DataViewSchema.Column? _center;
        private readonly List<DataViewSchema.DetachedColumn> _outputs;

        public Mapper(VideoFrameLoaderTransformer parent, DataViewSchema inputSchema) : base(inputSchema)
        {
            _parent = parent;
            SchemaErrors.RequireText(inputSchema, parent._options.InputColumnName);
            _input = inputSchema[parent._options.InputColumnName];
            if (parent._options.CenterTimeColumnName is string centerName)
            {
                var center = SchemaErrors.Require(inputSchema, centerName);
                if (center.Type != NumberDataViewType.Double && center.Type != NumberDataViewType.Single)
                    throw SchemaErrors.Mismatch(centerName, "Double or Single", center.Type.ToString() ?? "?");
                _center = center;
            }
            _outputs = OutputColumns(parent._options);
        }

        public override IReadOnlyList<DataViewSchema.DetachedColumn> Outputs => _outputs;

        public override bool MayDropRows => _parent._options.OnInvalidMedia == InvalidMediaHandling.SkipRow;

        public override void OnRepeatedPass(int pass)
        {
            if (pass == 2)
                _parent._log.Warning("The decoded media are being read a second time: every pass over this pipeline decodes every file again. " +
                    "Trainers that make several passes (SDCA, L-BFGS, LightGBM, ...) multiply the decoding time; append " +
                    ".AppendCacheCheckpoint(mlContext) after the decoding and embedding steps, or read the embedded data through mlContext.Data.Cache(...).");
        }

        public override IEnumerable<DataViewSchema.Column> GetDependencies(Func<int, bool> isOutputActive)
        {
            if (!Enumerable.Range(0, _outputs.Count).Any(isOutputActive)) return [];
            return _center is { } center ? [_input, center] : [_input];
        }

        public override RowBatchWorker CreateWorker(DataViewRow input, Func<int, bool> isOutputActive) =>
            new Worker(this, input, isOutputActive);

        private sealed class Worker : RowBatchWorker
        {
            private readonly Mapper _mapper;
            private readonly VideoFrameLoaderOptions _options;
            private readonly ValueGetter<ReadOnlyMemory<char>>? _pathGetter;
            private readonly Func<double>? _centerGetter;
            private readonly bool _framesActive, _timesActive, _audioActive;
            private readonly int _framesIndex = -1, _timesIndex = -1, _audioIndex = -1;
            private ReadOnlyMemory<char> _path;
            private float[] _frames = [];
            private double[] _times = [];
            private float[] _audio = [];
            private long _rows, _skipped;

            public Worker(Mapper mapper, DataViewRow input, Func<int, bool> isOutputActive)
            {
                _mapper = mapper;
                _options = mapper._parent._options;
                int index = 0;
                if (_options.FramesColumnName is not null) { _framesIndex = index; _framesActive = isOutputActive(index++); }
                if (_options.FrameTimesColumnName is not null) { _timesIndex = index; _timesActive = isOutputActive(index++); }
                if (_options.AudioColumnName is not null) { _audioIndex = index; _audioActive = isOutputActive(index); }
                if (_framesActive || _timesActive || _audioActive)
                {
                    _pathGetter = input.GetGetter<ReadOnlyMemory<char>>(mapper._input);
                    if (mapper._center is { } center) _centerGetter = CenterReader(input, center);
                }
            }

            public override bool Load(int slot)
            {
                if (_pathGetter is null) return true;
                _rows++;
                _pathGetter(ref _path);
                var name = _path.ToString();
                var path = _options.MediaFolder is string folder && !Path.IsPathRooted(name) ? Path.Combine(folder, name) : name;
                try
                {
                    Decode(path);
                    return true;
                }
                catch (MediaLoadException e) when (_options.OnInvalidMedia == InvalidMediaHandling.SkipRow && CanDropRows)
                {
                    _skipped++;
                    _mapper._parent._log.Warning($"Skipped row {_rows - 1}: {e.Message}");
                    return false;
                }
            }

            private static Func<double> CenterReader(DataViewRow input, DataViewSchema.Column column)
            {
                if (column.Type == NumberDataViewType.Double)
                {
                    var getter = input.GetGetter<double>(column);
                    return () => { double v = 0; getter(ref v); return v; };
                }
                var single = input.GetGetter<float>(column);
                return () => { float v = 0; single(ref v); return v; };
            }

            private void Decode(string path)
            {
                var token = _options.CancellationToken;
                double? center = _centerGetter?.Invoke();
                if (center is double c && !(c >= 0 && double.IsFinite(c)))
                    throw new MediaLoadException(path, MediaProblem.TooShort, $"the row's centre time {c} is not a non-negative number of seconds.");
                var info = MediaDecoder.Probe(path, token); // remembered: once per file and process
                Task<VideoClip>? video = null;
                if (_framesActive || _timesActive)
                {
                    var format = new FrameFormat(_options.Width, _options.Height, _options.Resize, _options.Scaling);
                    var times = _options.ResolveFrameTimes(info, center);
                    video = Task.Run(() => MediaDecoder.DecodeFrames(path, times, format, _options.PadShortClips, info, token), token);
                }
                try
                {
                    if (_audioActive)
                    {
                        double start = _options.ResolveAudioStart(center);
                        double? duration = _options.AudioDuration ?? _options.ClipDuration;
                        _audio = MediaDecoder.DecodeAudio(path, _options.SampleRate, start, duration, _options.PadShortClips,
                            _options.AllowSilentAudio, info, token).Samples;
                    }
                }
                finally
                {
                    // Even when the audio fails, the frame decoder must not outlive the row.
                    if (video is not null) ((IAsyncResult)video).AsyncWaitHandle.WaitOne();
                }
                if (video is not null)
                {
                    var clip = video.GetAwaiter().GetResult();
                    _frames = clip.Pixels;
                    _times = clip.Times;
                }
            }

            public override Delegate CreateGetter(int output, Func<int> slot)
            {
                if (output == _framesIndex) return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) => Copy(_frames, ref v));
                if (output == _timesIndex) return (ValueGetter<VBuffer<double>>)((ref VBuffer<double> v) => Copy(_times, ref v));
                if (output == _audioIndex) return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) => Copy(_audio, ref v));
                throw new ArgumentOutOfRangeException(nameof(output));
            }

            private static void Copy<T>(T[] source, ref VBuffer<T> value)
            {
                var editor = VBufferEditor.Create(ref value, source.Length);
                source.AsSpan().CopyTo(editor.Values);
                value = editor.Commit();
            }

            public override void Dispose()
            {
                if (_skipped > 0)
                    _mapper._parent._log.Warning($"Skipped {_skipped} of {_rows} rows with invalid media (OnInvalidMedia = SkipRow).");
            }
        }
    }
}
