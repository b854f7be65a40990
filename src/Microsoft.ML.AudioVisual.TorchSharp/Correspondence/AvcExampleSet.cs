using Microsoft.ML.AudioVisual.Data;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>
/// The training rows of a correspondence trainer, read once into memory: visual values, spectrograms and
/// group ids (a dense id per distinct group value; every row its own group without a group column).
/// </summary>
internal sealed class AvcExampleSet
{
    private AvcExampleSet(AvcInputShapes shapes, float[] visual, float[] audio, int[] groups)
    {
        Shapes = shapes;
        Visual = visual;
        Audio = audio;
        Groups = groups;
    }

    public AvcInputShapes Shapes { get; }

    public float[] Visual { get; }

    public float[] Audio { get; }

    public int[] Groups { get; }

    public int Count => Groups.Length;

    public int GroupCount => Groups.Length == 0 ? 0 : Groups.Max() + 1;

    /// <summary>Checks the schema and reads the training columns the options name.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type.</exception>
    public static AvcExampleSet Read(IDataView data, CorrespondenceTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        AvcInputShapes.FromSchema(data.Schema, options.VisualColumnName, options.AudioColumnName);
        if (options.GroupColumnName is string group) SchemaErrors.Require(data.Schema, group);
        return Read(data, options.VisualColumnName, options.AudioColumnName, options.GroupColumnName, options.CancellationToken);
    }

    public static AvcExampleSet Read(IDataView data, string visualColumn, string audioColumn, string? groupColumn, CancellationToken cancellationToken)
    {
        var shapes = AvcInputShapes.FromSchema(data.Schema, visualColumn, audioColumn);
        var visualCol = data.Schema[visualColumn];
        var audioCol = data.Schema[audioColumn];
        DataViewSchema.Column? groupCol = groupColumn is null ? null : SchemaErrors.Require(data.Schema, groupColumn);
        var columns = groupCol is { } g ? new[] { visualCol, audioCol, g } : [visualCol, audioCol];

        var visual = new List<float>();
        var audio = new List<float>();
        var groups = new List<int>();
        var groupIds = new Dictionary<string, int>();
        using var cursor = data.GetRowCursor(columns);
        var visualGetter = cursor.GetGetter<VBuffer<float>>(visualCol);
        var audioGetter = cursor.GetGetter<VBuffer<float>>(audioCol);
        Func<string>? groupValue = groupCol is { } gc ? GroupReader(cursor, gc) : null;
        VBuffer<float> buffer = default;
        while (cursor.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            visualGetter(ref buffer);
            AppendChecked(visual, buffer, visualColumn, cursor.Position);
            audioGetter(ref buffer);
            AppendChecked(audio, buffer, audioColumn, cursor.Position);
            string key = groupValue?.Invoke() ?? cursor.Position.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!groupIds.TryGetValue(key, out int id)) groupIds[key] = id = groupIds.Count;
            groups.Add(id);
        }
        if (groups.Count < 2) throw new InvalidOperationException($"Training needs at least 2 rows, the data has {groups.Count}.");
        if (groupIds.Count < 2)
            throw new InvalidOperationException($"All rows are in one group of '{groupColumn}': negatives (audio from another group) cannot be formed.");
        return new AvcExampleSet(shapes, visual.ToArray(), audio.ToArray(), groups.ToArray());
    }

    /// <summary>Identifies the rows for checkpoint resumption: counts, shapes and a sparse probe of the values.</summary>
    public string Fingerprint
    {
        get
        {
            double probe = 0;
            for (int i = 0; i < Visual.Length; i += 9973) probe += Visual[i];
            for (int i = 0; i < Audio.Length; i += 9973) probe += Audio[i];
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"rows={Count}|groups={GroupCount}|shapes={Shapes}|probe={probe:R}");
        }
    }

    /// <summary>Mean and standard deviation of each modality over the rows.</summary>
    public InputNormalization FitNormalization()
    {
        static (double Sum, double Squares) Moments(float[] values)
        {
            double sum = 0, squares = 0;
            foreach (var v in values)
            {
                sum += v;
                squares += (double)v * v;
            }
            return (sum, squares);
        }
        var (vs, vq) = Moments(Visual);
        var (a, aq) = Moments(Audio);
        float visualStd = InputNormalization.Std(vs, vq, Visual.LongLength, out float visualMean);
        float audioStd = InputNormalization.Std(a, aq, Audio.LongLength, out float audioMean);
        return new InputNormalization(visualMean, visualStd, audioMean, audioStd);
    }

    private static void AppendChecked(List<float> target, in VBuffer<float> value, string column, long row)
    {
        int start = target.Count;
        foreach (var v in value.DenseValues())
        {
            if (!float.IsFinite(v))
                throw new InvalidDataException($"Column '{column}' holds {v} at row {row}: training inputs must be finite.");
            target.Add(v);
        }
        if (target.Count - start != value.Length) throw new InvalidDataException($"Column '{column}' row {row} has a wrong length.");
    }

    internal static Func<string> GroupReader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var type = column.Type.RawType;
        if (type == typeof(ReadOnlyMemory<char>)) return Reader<ReadOnlyMemory<char>>(cursor, column);
        if (type == typeof(int)) return Reader<int>(cursor, column);
        if (type == typeof(uint)) return Reader<uint>(cursor, column);
        if (type == typeof(long)) return Reader<long>(cursor, column);
        if (type == typeof(float)) return Reader<float>(cursor, column);
        if (type == typeof(double)) return Reader<double>(cursor, column);
        throw SchemaErrors.Mismatch(column.Name, "a scalar String, Int32, UInt32 (key), Int64, Single or Double group id", column.Type.ToString() ?? "?");
    }

    private static Func<string> Reader<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return value?.ToString() ?? "";
        };
    }
}
