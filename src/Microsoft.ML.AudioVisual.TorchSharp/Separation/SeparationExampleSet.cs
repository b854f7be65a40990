using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Data;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// The training rows of a separation model, read once into memory: each row one source, its waveform (any length, at the
/// front-end's rate), its visual value (<c>[T, C, H, W]</c>, T = 1 for images) and its group.
/// </summary>
internal sealed class SeparationExampleSet
{
    internal const string VisualExpectation = "Vector<Single, C, H, W> or Vector<Single, T, C, H, W> with C = 1 or 3";

    private SeparationExampleSet(float[][] waveforms, float[] visual, VisualShape shape, int[] groups)
    {
        Waveforms = waveforms;
        Visual = visual;
        Shape = shape;
        Groups = groups;
    }

    public float[][] Waveforms { get; }

    /// <summary>Visual values of all rows, row-major <c>[rows, T, C, H, W]</c>.</summary>
    public float[] Visual { get; }

    public VisualShape Shape { get; }

    public int[] Groups { get; }

    public int Count => Groups.Length;

    public int GroupCount => Groups.Length == 0 ? 0 : Groups.Max() + 1;

    /// <summary>The visual value of a row.</summary>
    public ReadOnlySpan<float> VisualOf(int row) => Visual.AsSpan(row * Shape.Size, Shape.Size);

    /// <summary>Checks the schema and reads the columns the options name.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type.</exception>
    /// <exception cref="InvalidDataException">A value is empty, not finite or of the wrong length.</exception>
    public static SeparationExampleSet Read(IDataView data, MixAndSeparateOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        var audio = SchemaErrors.Require(data.Schema, options.AudioColumnName);
        if (audio.Type is not VectorDataViewType { ItemType: NumberDataViewType n } || n.RawType != typeof(float))
            throw SchemaErrors.Mismatch(audio.Name, "Vector<Single> (a waveform)", audio.Type.ToString() ?? "?");
        var shape = VisualShape.FromSchema(data.Schema, options.VisualColumnName);
        var visualColumn = data.Schema[options.VisualColumnName];
        DataViewSchema.Column? groupColumn = options.GroupColumnName is string g ? SchemaErrors.Require(data.Schema, g) : null;
        var columns = groupColumn is { } gc ? new[] { audio, visualColumn, gc } : [audio, visualColumn];

        var waveforms = new List<float[]>();
        var visual = new List<float>();
        var groups = new List<int>();
        var groupIds = new Dictionary<string, int>();
        using var cursor = data.GetRowCursor(columns);
        var audioGetter = cursor.GetGetter<VBuffer<float>>(audio);
        var visualGetter = cursor.GetGetter<VBuffer<float>>(visualColumn);
        Func<string>? groupValue = groupColumn is { } column ? AvcExampleSet.GroupReader(cursor, column) : null;
        VBuffer<float> buffer = default;
        while (cursor.MoveNext())
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            audioGetter(ref buffer);
            var samples = buffer.DenseValues().ToArray();
            if (samples.Length == 0) throw new InvalidDataException($"Column '{audio.Name}' row {cursor.Position} holds no samples.");
            if (!Array.TrueForAll(samples, float.IsFinite)) throw new InvalidDataException($"Column '{audio.Name}' row {cursor.Position} holds NaN or infinity: inputs must be finite.");
            waveforms.Add(samples);
            visualGetter(ref buffer);
            if (buffer.Length != shape.Size) throw new InvalidDataException($"Column '{visualColumn.Name}' row {cursor.Position} has {buffer.Length} values, expected {shape.Size}.");
            foreach (var v in buffer.DenseValues())
            {
                if (!float.IsFinite(v)) throw new InvalidDataException($"Column '{visualColumn.Name}' row {cursor.Position} holds {v}: inputs must be finite.");
                visual.Add(v);
            }
            string key = groupValue?.Invoke() ?? cursor.Position.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!groupIds.TryGetValue(key, out int id)) groupIds[key] = id = groupIds.Count;
            groups.Add(id);
        }
        if (groupIds.Count < options.Sources)
            throw new InvalidOperationException($"Mixtures of {options.Sources} sources from different groups need at least {options.Sources} groups; the data has {groupIds.Count}.");
        return new SeparationExampleSet([.. waveforms], [.. visual], shape, [.. groups]);
    }
}
