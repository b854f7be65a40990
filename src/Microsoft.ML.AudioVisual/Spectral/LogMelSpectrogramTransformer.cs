using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Persistence;

namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>Computes spectrograms of a waveform column lazily, row by row. Made by <see cref="LogMelSpectrogramEstimator"/>.</summary>
public sealed class LogMelSpectrogramTransformer : AudioVisualTransformerBase
{
    internal const string InputExpectation = "Vector<Single, N> or Vector<Single>";

    private readonly SpectrogramComputer _computer;

    internal LogMelSpectrogramTransformer(string outputColumnName, string inputColumnName, SpectrogramOptions options)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        _computer = new SpectrogramComputer(options);
    }

    /// <summary>The spectrogram column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The waveform column.</summary>
    public string InputColumnName { get; }

    /// <summary>A copy of the front-end settings.</summary>
    public SpectrogramOptions Options => _computer.Options;

    /// <summary>Spectrogram rows (mel bins, linear bins or log-frequency bins).</summary>
    public int FrequencyBins => _computer.FrequencyBins;

    internal const string ModelKindName = "LogMelSpectrogram";

    internal override string ModelKind => ModelKindName;

    private protected override RowBatchMapper CreateMapper(DataViewSchema inputSchema) => new Mapper(this, inputSchema);

    private protected override void SaveContents(ModelArchiveWriter writer)
    {
        writer.Manifest["outputColumnName"] = OutputColumnName;
        writer.Manifest["inputColumnName"] = InputColumnName;
        writer.SetObject("options", _computer.Options);
    }

    internal static LogMelSpectrogramTransformer LoadFrom(MLContext context, ModelArchiveReader reader) =>
        new(reader.GetString("outputColumnName"), reader.GetString("inputColumnName"), reader.GetObject<SpectrogramOptions>("options"));

    private sealed class Mapper : RowBatchMapper
    {
        private readonly LogMelSpectrogramTransformer _parent;
        private readonly DataViewSchema.Column _input;
        private readonly DataViewSchema.DetachedColumn[] _outputs;

        public Mapper(LogMelSpectrogramTransformer parent, DataViewSchema inputSchema) : base(inputSchema)
        {
            _parent = parent;
            var column = SchemaErrors.Require(inputSchema, parent.InputColumnName);
            if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType item } vector || item != NumberDataViewType.Single || vector.Dimensions.Length > 1)
                throw SchemaErrors.Mismatch(parent.InputColumnName, InputExpectation, column.Type.ToString() ?? "?");
            CheckSampleRate(column, parent._computer.Options.SampleRate);
            _input = column;
            var computer = parent._computer;
            double? clipSeconds = vector.IsKnownSize ? (double)vector.Size / computer.Options.SampleRate : null;
            var annotations = AudioFrontEndAnnotation.Create(new AudioFrontEnd(computer.Options, clipSeconds));
            if (vector.IsKnownSize)
            {
                int frames = FrameCountOrThrow(computer, vector.Size, parent.InputColumnName);
                _outputs = [new(parent.OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, computer.FrequencyBins, frames), annotations)];
            }
            else
            {
                _outputs = [new(parent.OutputColumnName, new VectorDataViewType(NumberDataViewType.Single), annotations)];
            }
        }

        public override IReadOnlyList<DataViewSchema.DetachedColumn> Outputs => _outputs;

        public override IEnumerable<DataViewSchema.Column> GetDependencies(Func<int, bool> isOutputActive) => isOutputActive(0) ? [_input] : [];

        public override RowBatchWorker CreateWorker(DataViewRow input, Func<int, bool> isOutputActive) =>
            new Worker(this, isOutputActive(0) ? input.GetGetter<VBuffer<float>>(_input) : null, input);

        /// <summary>A waveform annotated with another rate than the front-end's would give wrong frequencies silently.</summary>
        private static void CheckSampleRate(DataViewSchema.Column column, int expected)
        {
            if (column.Annotations.Schema.GetColumnOrNull(VideoFrameLoaderTransformer.SampleRateAnnotation) is not { } annotation
                || annotation.Type != NumberDataViewType.Int32) return;
            int rate = 0;
            column.Annotations.GetValue(VideoFrameLoaderTransformer.SampleRateAnnotation, ref rate);
            if (rate != expected)
                throw new ArgumentOutOfRangeException("inputSchema",
                    $"Column '{column.Name}' holds audio at {rate} Hz but the spectrogram is set up for {expected} Hz; load the audio at {expected} Hz or set SampleRate = {rate}.");
        }

        internal static int FrameCountOrThrow(SpectrogramComputer computer, int samples, string column)
        {
            try
            {
                return computer.FrameCount(samples);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentOutOfRangeException("inputSchema", $"Column '{column}' holds {samples} samples, too few for this spectrogram: {e.Message}");
            }
        }

        private sealed class Worker(Mapper mapper, ValueGetter<VBuffer<float>>? getter, DataViewRow row) : RowBatchWorker
        {
            private VBuffer<float> _waveform;
            private float[] _samples = [];
            private float[] _spectrogram = [];

            public override bool Load(int slot)
            {
                if (getter is null) return true;
                getter(ref _waveform);
                int length = _waveform.Length;
                if (_samples.Length != length) _samples = new float[length];
                _waveform.CopyTo(_samples);
                for (int i = 0; i < length; i++)
                    if (!float.IsFinite(_samples[i]))
                        throw new InvalidDataException($"Column '{mapper._input.Name}' holds {_samples[i]} at row {row.Position}, sample {i}: waveforms must be finite.");
                var computer = mapper._parent._computer;
                int frames;
                try
                {
                    frames = computer.FrameCount(length);
                }
                catch (ArgumentException e)
                {
                    throw new InvalidDataException($"Column '{mapper._input.Name}' row {row.Position} holds {length} samples, too few for this spectrogram: {e.Message}", e);
                }
                int size = computer.FrequencyBins * frames;
                if (_spectrogram.Length != size) _spectrogram = new float[size];
                computer.Compute(_samples, _spectrogram);
                return true;
            }

            public override Delegate CreateGetter(int output, Func<int> slot) => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
            {
                var editor = VBufferEditor.Create(ref value, _spectrogram.Length);
                _spectrogram.AsSpan().CopyTo(editor.Values);
                value = editor.Commit();
            });
        }
    }
}
