using System.Globalization;
using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.AudioVisual.Evaluation;

namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>
/// The features view of a sweep read into memory: per item its windows (or one pooled vector), its class and its
/// fold, and the pooled features per pooling, computed once.
/// </summary>
internal sealed class SweepData
{
    private readonly Dictionary<TimePooling, float[][]> _pooled = [];
    private readonly float[][]? _vectors;

    private SweepData(float[][][]? windows, float[][]? vectors, int[] labels, IReadOnlyList<string> classes, FoldAssignment folds)
    {
        Windows = windows;
        _vectors = vectors;
        Labels = labels;
        Classes = classes;
        Folds = folds;
    }

    /// <summary>Windows per item, when the rows were windows; otherwise null.</summary>
    public float[][][]? Windows { get; }

    /// <summary>The class index of every item.</summary>
    public int[] Labels { get; }

    /// <summary>The class names.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The folds of the items.</summary>
    public FoldAssignment Folds { get; }

    /// <summary>The features of every item for a pipeline's pooling (null pooling: rows were items).</summary>
    public float[][] Features(TimePooling? pooling)
    {
        if (Windows is null) return _vectors!;
        var p = pooling ?? throw new InvalidOperationException("The rows are windows: a pipeline must say how to pool them.");
        if (!_pooled.TryGetValue(p, out var pooled)) _pooled[p] = pooled = Windows.Select(w => TimePool.Apply(w, p)).ToArray();
        return pooled;
    }

    /// <summary>Reads <paramref name="view"/> as <paramref name="options"/> says.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type (ML.NET's schema-mismatch message).</exception>
    /// <exception cref="InvalidDataException">The windows of one item disagree on label, fold or group.</exception>
    public static SweepData Read(IDataView view, SweepOptions options)
    {
        ArgumentNullException.ThrowIfNull(view);
        var schema = view.Schema;
        SchemaErrors.RequireFloatVector(schema, options.FeatureColumnName, "Vector<Single, D>");
        var features = view.GetColumn<float[]>(options.FeatureColumnName).ToArray();
        if (features.Length == 0) throw new InvalidDataException("The features view has no rows.");
        FeatureRows.Check(features, options.FeatureColumnName);
        var (rowLabels, classes) = ReadLabels(view, options.LabelColumnName);
        int[]? rowFolds = options.FoldColumnName is { } foldColumn ? ReadIntegers(view, foldColumn) : null;
        string[]? rowGroups = options.GroupColumnName is { } groupColumn ? ReadStrings(view, groupColumn) : null;

        // Items: consecutive or not, rows sharing an item id are one item, in order of first appearance.
        int[] itemOfRow;
        if (options.ItemColumnName is { } itemColumn)
        {
            var ids = ReadIntegers(view, itemColumn);
            var index = new Dictionary<int, int>();
            itemOfRow = Array.ConvertAll(ids, id => index.TryGetValue(id, out int i) ? i : index[id] = index.Count);
        }
        else
        {
            itemOfRow = Enumerable.Range(0, features.Length).ToArray();
        }
        int items = itemOfRow.Max() + 1;
        var labels = PerItem(rowLabels, itemOfRow, items, options.LabelColumnName);
        var folds = rowFolds is null ? null : PerItem(rowFolds, itemOfRow, items, options.FoldColumnName!);
        var groups = rowGroups is null ? null : PerItem(rowGroups, itemOfRow, items, options.GroupColumnName!);

        FoldAssignment assignment;
        if (folds is not null)
        {
            assignment = new FoldAssignment(folds, $"folds from column '{options.FoldColumnName}'");
        }
        else
        {
            int[]? groupIds = groups is null ? null : Ids(groups);
            var foldOf = LinearProbe.AssignFolds(labels, options.NumberOfFolds, options.Seed, groupIds);
            assignment = new FoldAssignment(foldOf, $"{options.NumberOfFolds}-fold cross-validation, stratified{(groups is null ? "" : $", grouped by {options.GroupColumnName}")}, seed {options.Seed}");
        }

        if (options.ItemColumnName is null) return new SweepData(null, features, labels, classes, assignment);
        var windows = Enumerable.Range(0, items).Select(_ => new List<float[]>()).ToArray();
        for (int row = 0; row < features.Length; row++) windows[itemOfRow[row]].Add(features[row]);
        return new SweepData(windows.Select(w => w.ToArray()).ToArray(), null, labels, classes, assignment);
    }

    private static T[] PerItem<T>(T[] rowValues, int[] itemOfRow, int items, string column)
    {
        var values = new T[items];
        var seen = new bool[items];
        for (int row = 0; row < rowValues.Length; row++)
        {
            int item = itemOfRow[row];
            if (!seen[item]) { values[item] = rowValues[row]; seen[item] = true; }
            else if (!EqualityComparer<T>.Default.Equals(values[item], rowValues[row]))
                throw new InvalidDataException($"The windows of one item disagree on column '{column}' ('{values[item]}' and '{rowValues[row]}').");
        }
        return values;
    }

    private static int[] Ids(string[] values)
    {
        var index = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);
        return Array.ConvertAll(values, v => index[v]);
    }

    /// <summary>Class indices and names from a key (names from its key values), text or integer column.</summary>
    private static (int[] Labels, IReadOnlyList<string> Classes) ReadLabels(IDataView view, string column)
    {
        var type = SchemaErrors.Require(view.Schema, column).Type;
        if (type is KeyDataViewType key)
        {
            var keys = view.GetColumn<uint>(column).ToArray();
            if (keys.Contains(0u)) throw new InvalidDataException($"Label column '{column}' has missing values (key 0).");
            var names = new VBuffer<ReadOnlyMemory<char>>();
            var classes = view.Schema[column].HasKeyValues()
                ? ReadKeyValues(view.Schema[column], ref names)
                : Enumerable.Range(1, (int)key.Count).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray();
            return (Array.ConvertAll(keys, k => (int)k - 1), classes);
        }
        var strings = ReadStrings(view, column);
        bool numeric = type is not TextDataViewType;
        var ordered = strings.Distinct(StringComparer.Ordinal)
            .OrderBy(s => numeric ? double.Parse(s, CultureInfo.InvariantCulture) : 0)
            .ThenBy(s => s, StringComparer.Ordinal).ToArray();
        var index = ordered.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i, StringComparer.Ordinal);
        return (Array.ConvertAll(strings, s => index[s]), ordered);
    }

    private static string[] ReadKeyValues(DataViewSchema.Column column, ref VBuffer<ReadOnlyMemory<char>> names)
    {
        column.GetKeyValues(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    private static int[] ReadIntegers(IDataView view, string column)
    {
        var type = SchemaErrors.Require(view.Schema, column).Type;
        return type.RawType switch
        {
            var t when t == typeof(int) => view.GetColumn<int>(column).ToArray(),
            var t when t == typeof(long) => view.GetColumn<long>(column).Select(v => checked((int)v)).ToArray(),
            var t when t == typeof(uint) => view.GetColumn<uint>(column).Select(v => checked((int)v)).ToArray(),
            var t when t == typeof(float) => view.GetColumn<float>(column).Select(v => checked((int)v)).ToArray(),
            var t when t == typeof(double) => view.GetColumn<double>(column).Select(v => checked((int)v)).ToArray(),
            _ => throw SchemaErrors.Mismatch(column, "an integer", type.ToString() ?? "?"),
        };
    }

    private static string[] ReadStrings(IDataView view, string column)
    {
        var type = SchemaErrors.Require(view.Schema, column).Type;
        if (type is TextDataViewType) return view.GetColumn<string>(column).ToArray();
        return ReadIntegers(view, column).Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
    }
}
