using Microsoft.ML.AudioVisual.Data;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>
/// The training rows of a correspondence trainer, read once into memory: visual values, spectrograms and
/// group ids (a dense id per distinct group value; every row its own group without a group column), and optionally
/// the groups each image shows.
/// </summary>
internal sealed class AvcExampleSet
{
    private AvcExampleSet(AvcInputShapes shapes, float[] visual, float[] audio, int[] groups, int[][]? visibleGroups)
    {
        Shapes = shapes;
        Visual = visual;
        Audio = audio;
        Groups = groups;
        VisibleGroups = visibleGroups;
    }

    public AvcInputShapes Shapes { get; }

    public float[] Visual { get; }

    public float[] Audio { get; }

    public int[] Groups { get; }

    /// <summary>Per row, the ids of the groups its image shows (its own among them), or null when only its own group is known.</summary>
    public int[][]? VisibleGroups { get; }

    public int Count => Groups.Length;

    public int GroupCount => Groups.Length == 0 ? 0 : Groups.Max() + 1;

    /// <summary>Checks the schema and reads the training columns the options name.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type.</exception>
    public static AvcExampleSet Read(IDataView data, CorrespondenceTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        AvcInputShapes.FromSchema(data.Schema, options.VisualColumnName, options.AudioColumnName);
        if (options.GroupColumnName is string group) SchemaErrors.Require(data.Schema, group);
        return Read(data, options.VisualColumnName, options.AudioColumnName, options.GroupColumnName, options.CancellationToken, options.VisibleGroupsColumnName);
    }

    public static AvcExampleSet Read(IDataView data, string visualColumn, string audioColumn, string? groupColumn, CancellationToken cancellationToken,
        string? visibleGroupsColumn = null)
    {
        var shapes = AvcInputShapes.FromSchema(data.Schema, visualColumn, audioColumn);
        var visualCol = data.Schema[visualColumn];
        var audioCol = data.Schema[audioColumn];
        DataViewSchema.Column? groupCol = groupColumn is null ? null : SchemaErrors.Require(data.Schema, groupColumn);
        DataViewSchema.Column? visibleCol = visibleGroupsColumn is null ? null : SchemaErrors.Require(data.Schema, visibleGroupsColumn);
        if (visibleCol is not null && groupCol is null)
            throw new ArgumentOutOfRangeException(nameof(visibleGroupsColumn), $"The visible-groups column '{visibleGroupsColumn}' needs a group column.");
        var columns = new[] { visualCol, audioCol, groupCol, visibleCol }.OfType<DataViewSchema.Column>().ToArray();

        var visual = new List<float>();
        var audio = new List<float>();
        var groups = new List<int>();
        var groupIds = new Dictionary<string, int>();
        using var cursor = data.GetRowCursor(columns);
        var visualGetter = cursor.GetGetter<VBuffer<float>>(visualCol);
        var audioGetter = cursor.GetGetter<VBuffer<float>>(audioCol);
        Func<string>? groupValue = groupCol is { } gc ? GroupReader(cursor, gc) : null;
        Func<string[]>? visibleValues = visibleCol is { } vc ? VisibleGroupsReader(cursor, vc) : null;
        var visibleKeys = new List<string[]>();
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
            if (visibleValues is not null) visibleKeys.Add(visibleValues());
        }
        if (groups.Count < 2) throw new InvalidOperationException($"Training needs at least 2 rows, the data has {groups.Count}.");
        if (groupIds.Count < 2)
            throw new InvalidOperationException($"All rows are in one group of '{groupColumn}': negatives (audio from another group) cannot be formed.");
        // A group shown but never a row's own has no audio a negative could take: it needs no id.
        int[][]? visible = visibleValues is null ? null
            : [.. visibleKeys.Select((keys, row) => keys.Where(groupIds.ContainsKey).Select(k => groupIds[k]).Append(groups[row]).Distinct().ToArray())];
        return new AvcExampleSet(shapes, visual.ToArray(), audio.ToArray(), groups.ToArray(), visible);
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

    /// <summary>The raw types a group id may have (String, Int32, UInt32 keys, Int64, Single, Double).</summary>
    private static readonly Type[] GroupTypes = [typeof(ReadOnlyMemory<char>), typeof(int), typeof(uint), typeof(long), typeof(float), typeof(double)];

    internal static Func<string> GroupReader(DataViewRowCursor cursor, DataViewSchema.Column column) =>
        GroupTypes.Contains(column.Type.RawType)
            ? (Func<string>)MakeReader(nameof(Reader), column.Type.RawType, cursor, column)
            : throw SchemaErrors.Mismatch(column.Name, "a scalar String, Int32, UInt32 (key), Int64, Single or Double group id", column.Type.ToString() ?? "?");

    /// <summary>Reads a vector of group values (the types <see cref="GroupReader"/> accepts) as their strings.</summary>
    private static Func<string[]> VisibleGroupsReader(DataViewRowCursor cursor, DataViewSchema.Column column) =>
        column.Type is VectorDataViewType vector && GroupTypes.Contains(vector.ItemType.RawType)
            ? (Func<string[]>)MakeReader(nameof(VectorReader), vector.ItemType.RawType, cursor, column)
            : throw SchemaErrors.Mismatch(column.Name, "a vector of String, Int32, UInt32 (key), Int64, Single or Double group ids", column.Type.ToString() ?? "?");

    private static object MakeReader(string method, Type valueType, DataViewRowCursor cursor, DataViewSchema.Column column) =>
        typeof(AvcExampleSet).GetMethod(method, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(valueType).Invoke(null, [cursor, column])!;

    private static Func<string[]> VectorReader<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<VBuffer<T>>(column);
        VBuffer<T> value = default;
        return () =>
        {
            getter(ref value);
            return [.. value.DenseValues().Select(v => v?.ToString() ?? "")];
        };
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
