namespace Microsoft.ML.AudioVisual.Data;

/// <summary>
/// Row-at-a-time face of a <see cref="RowBatchMapper"/>, so that our transformers work inside
/// prediction engines. Every output getter first makes sure the input row at the current position has been
/// loaded and computed (once per position), so no mapper can hand out stale or empty values, and bad input
/// raises the same errors as through <c>Transform</c>.
/// </summary>
internal sealed class MappedRowToRowMapper : IRowToRowMapper
{
    private readonly RowBatchMapper _mapper;

    public MappedRowToRowMapper(RowBatchMapper mapper)
    {
        _mapper = mapper;
        OutputSchema = MappedDataView.BuildSchema(mapper.InputSchema, mapper.Outputs);
    }

    public DataViewSchema InputSchema => _mapper.InputSchema;

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        int inputCount = InputSchema.Count;
        var needed = dependingColumns.Select(c => c.Index).ToHashSet();
        var passThrough = needed.Where(i => i < inputCount).Select(i => InputSchema[i]);
        return passThrough.Concat(_mapper.GetDependencies(o => needed.Contains(inputCount + o))).DistinctBy(c => c.Index).ToList();
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
        new Row(this, input, activeColumns.Select(c => c.Index).ToHashSet());

    private sealed class Row : DataViewRow
    {
        private readonly MappedRowToRowMapper _parent;
        private readonly DataViewRow _input;
        private readonly HashSet<int> _active;
        private readonly RowBatchWorker _worker;
        private long _computedPosition = -1;

        public Row(MappedRowToRowMapper parent, DataViewRow input, HashSet<int> active)
        {
            _parent = parent;
            _input = input;
            _active = active;
            int inputCount = parent.InputSchema.Count;
            _worker = parent._mapper.CreateWorker(input, i => active.Contains(inputCount + i));
            _worker.CanDropRows = false;
        }

        public override DataViewSchema Schema => _parent.OutputSchema;

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            int inputCount = _parent.InputSchema.Count;
            if (column.Index < inputCount) return _input.GetGetter<TValue>(_parent.InputSchema[column.Index]);
            var getter = _worker.CreateGetter(column.Index - inputCount, Slot) as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' has type {column.Type}, not {typeof(TValue).Name}.");
            return (ref TValue value) =>
            {
                EnsureComputed();
                getter(ref value);
            };
        }

        private static int Slot() => 0;

        private void EnsureComputed()
        {
            if (_computedPosition == _input.Position) return;
            if (!_worker.Load(0))
                throw new InvalidOperationException($"Row {_input.Position} cannot be mapped and a row mapper cannot drop rows.");
            _worker.Compute(1);
            _computedPosition = _input.Position;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _worker.Dispose();
            base.Dispose(disposing);
        }
    }
}
