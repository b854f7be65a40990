using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.Data;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Data;

public sealed class MappedDataViewTests
{
    private sealed class Row
    {
        public float Value { get; set; }
        public string Name { get; set; } = "";
    }

    /// <summary>Doubles "Value" a batch at a time; drops rows whose value is divisible by <c>dropEvery</c>.</summary>
    private sealed class Doubler(DataViewSchema schema, int batchSize, int dropEvery) : RowBatchMapper(schema)
    {
        public int Computes { get; set; }

        public int DropEvery => dropEvery;

        public override IReadOnlyList<DataViewSchema.DetachedColumn> Outputs { get; } = [new("Doubled", NumberDataViewType.Single)];

        public override int BatchSize => batchSize;

        public override bool MayDropRows => dropEvery > 0;

        public override IEnumerable<DataViewSchema.Column> GetDependencies(Func<int, bool> isOutputActive) =>
            isOutputActive(0) ? [InputSchema["Value"]] : [];

        public override RowBatchWorker CreateWorker(DataViewRow input, Func<int, bool> isOutputActive) =>
            new DoublerWorker(this, isOutputActive(0) ? input.GetGetter<float>(InputSchema["Value"]) : null);
    }

    private sealed class DoublerWorker(Doubler mapper, ValueGetter<float>? value) : RowBatchWorker
    {
        private readonly float[] _inputs = new float[mapper.BatchSize];
        private readonly float[] _outputs = new float[mapper.BatchSize];

        public override bool Load(int slot)
        {
            if (value is null) return true;
            float v = 0;
            value(ref v);
            if (mapper.DropEvery > 0 && v % mapper.DropEvery == 0) return false;
            _inputs[slot] = v;
            return true;
        }

        public override void Compute(int count)
        {
            mapper.Computes++;
            for (int i = 0; i < count; i++) _outputs[i] = 2 * _inputs[i];
        }

        public override Delegate CreateGetter(int output, Func<int> slot) => (ValueGetter<float>)((ref float v) => v = _outputs[slot()]);
    }

    private static IDataView Data(MLContext context, int rows) =>
        context.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(i => new Row { Value = i, Name = $"row{i}" }));

    [Theory]
    [InlineData(1, 0)]
    [InlineData(4, 0)]
    [InlineData(4, 3)]
    [InlineData(1, 3)]
    [InlineData(7, 2)]
    public void BatchesKeepPassThroughColumnsInLockstep(int batchSize, int dropEvery)
    {
        var context = new MLContext(seed: 1);
        var input = Data(context, 23);
        var mapper = new Doubler(input.Schema, batchSize, dropEvery);
        var view = new MappedDataView(input, mapper);
        var expected = Enumerable.Range(0, 23).Where(i => dropEvery == 0 || i % dropEvery != 0).ToList();

        using var cursor = view.GetRowCursor(view.Schema);
        var doubled = cursor.GetGetter<float>(view.Schema["Doubled"]);
        var name = cursor.GetGetter<ReadOnlyMemory<char>>(view.Schema["Name"]);
        var seen = new List<int>();
        while (cursor.MoveNext())
        {
            float d = 0;
            ReadOnlyMemory<char> n = default;
            doubled(ref d);
            name(ref n);
            int source = int.Parse(n.ToString()[3..]);
            Assert.Equal(2f * source, d);
            Assert.Equal(seen.Count, cursor.Position);
            seen.Add(source);
        }
        Assert.Equal(expected, seen);
        Assert.Equal(BatchCount(expected.Count, batchSize), mapper.Computes); // one computation per batch
        Assert.Equal(dropEvery == 0 ? input.GetRowCount() : null, view.GetRowCount());
    }

    /// <summary>Batches start at one row and double up to the mapper's batch size.</summary>
    private static int BatchCount(int rows, int maxBatch)
    {
        int batches = 0;
        for (int size = 1; rows > 0; size = Math.Min(2 * size, maxBatch), batches++) rows -= size;
        return batches;
    }

    [Fact]
    public void InactiveOutputsComputeNothing()
    {
        var context = new MLContext(seed: 1);
        var input = Data(context, 10);
        var mapper = new Doubler(input.Schema, 4, 0);
        var view = new MappedDataView(input, mapper);
        using (var cursor = view.GetRowCursor([view.Schema["Name"]]))
            while (cursor.MoveNext()) { }
        Assert.Equal(0, mapper.Computes);
        var values = context.Data.CreateEnumerable<Row>(view, reuseRowObject: false).ToList();
        Assert.Equal(10, values.Count);
    }

    [Fact]
    public void SchemaShapeShimGivesTheShapesMlNetGives()
    {
        var vector = SchemaShapeFactory.Column("V", new VectorDataViewType(NumberDataViewType.Single, 3, 4));
        Assert.Equal("V", vector.Name);
        Assert.Equal(SchemaShape.Column.VectorKind.Vector, vector.Kind);
        Assert.Equal(NumberDataViewType.Single, vector.ItemType);
        var variable = SchemaShapeFactory.Column("W", new VectorDataViewType(NumberDataViewType.Single));
        Assert.Equal(SchemaShape.Column.VectorKind.VariableVector, variable.Kind);
        var scalar = SchemaShapeFactory.Column("S", NumberDataViewType.Double);
        Assert.Equal(SchemaShape.Column.VectorKind.Scalar, scalar.Kind);
        Assert.Equal(NumberDataViewType.Double, scalar.ItemType);

        // The same shapes ML.NET itself derives for an estimator chain.
        var context = new MLContext();
        var data = Data(context, 2);
        var shape = SchemaShapeFactory.FromSchema(data.Schema);
        var concat = context.Transforms.Concatenate("Features", "Value").GetOutputSchema(shape);
        Assert.Equal(SchemaShape.Column.VectorKind.Vector, concat.First(c => c.Name == "Features").Kind);
    }
}
