namespace Microsoft.ML.AudioVisual.Data;

/// <summary>
/// The lazy output of our transformers: the input view plus the columns a <see cref="RowBatchMapper"/>
/// computes. Nothing is computed until a cursor moves, and only the active output columns are computed.
/// A cursor reads its input through exactly one input cursor, so every upstream row is produced (a file
/// decoded) once per cursor whatever columns are read. With a batch size above one, the cursor reads a
/// batch of rows ahead, computes it at once, and serves the pass-through columns from per-slot copies.
/// Batches start at one row and double up to the mapper's batch size, so a look at the first rows
/// (<c>Preview</c>, a debugger) does not compute a full batch.
/// </summary>
internal sealed class MappedDataView : IDataView
{
    private readonly IDataView _input;
    private readonly RowBatchMapper _mapper;
    private int _computingPasses;

    public MappedDataView(IDataView input, RowBatchMapper mapper)
    {
        _input = input;
        _mapper = mapper;
        Schema = BuildSchema(input.Schema, mapper.Outputs);
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => _input.CanShuffle;

    public long? GetRowCount() => _mapper.MayDropRows ? null : _input.GetRowCount();

    /// <summary>The input columns followed by the outputs; an output hides a same-named input column.</summary>
    public static DataViewSchema BuildSchema(DataViewSchema input, IEnumerable<DataViewSchema.DetachedColumn> outputs)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        foreach (var output in outputs) builder.AddColumn(output.Name, output.Type, output.Annotations);
        return builder.ToSchema();
    }

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        int inputCount = _input.Schema.Count;
        var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
        bool IsOutputActive(int output) => needed.Contains(inputCount + output);
        var passThrough = needed.Where(i => i < inputCount).Select(i => _input.Schema[i]).ToList();
        var dependencies = _mapper.GetDependencies(IsOutputActive).ToList();
        bool computes = Enumerable.Range(0, _mapper.Outputs.Count).Any(IsOutputActive);
        if (computes)
        {
            int pass = Interlocked.Increment(ref _computingPasses);
            if (pass > 1) _mapper.OnRepeatedPass(pass);
        }
        var input = _input.GetRowCursor(passThrough.Concat(dependencies).DistinctBy(c => c.Index), rand);
        try
        {
            return new Cursor(this, input, needed, passThrough, computes);
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly MappedDataView _parent;
        private readonly DataViewRowCursor _input;
        private readonly HashSet<int> _active;
        private readonly RowBatchWorker _worker;
        private readonly int _inputCount;
        private readonly int _maxBatch;
        private readonly bool _computes;
        private readonly Dictionary<int, ColumnSlotCache> _passThrough = [];
        private readonly ColumnSlotCache<DataViewRowId>? _ids;
        private int _batchLimit = 1;
        private int _slot = -1;
        private int _batchCount;
        private long _position = -1;
        private bool _disposed;

        public Cursor(MappedDataView parent, DataViewRowCursor input, HashSet<int> active, List<DataViewSchema.Column> passThrough, bool computes)
        {
            _parent = parent;
            _input = input;
            _active = active;
            _computes = computes;
            _inputCount = parent._input.Schema.Count;
            _maxBatch = computes ? parent._mapper.BatchSize : 1; // nothing to compute: plain pass-through
            if (_maxBatch > 1)
            {
                // Rows are read ahead of the one served: keep copies of what the caller may ask for.
                foreach (var column in passThrough) _passThrough[column.Index] = ColumnSlotCache.Create(input, column, _maxBatch);
                _ids = ColumnSlotCache.ForIds(input, _maxBatch);
            }
            _worker = parent._mapper.CreateWorker(input, i => active.Contains(_inputCount + i));
        }

        public override DataViewSchema Schema => _parent.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<DataViewRowId> GetIdGetter() => _ids?.Getter(CurrentSlot) ?? _input.GetIdGetter();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column))
                throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor.");
            Delegate getter = column.Index < _inputCount
                ? _passThrough.TryGetValue(column.Index, out var cache)
                    ? cache.CreateGetter(CurrentSlot)
                    : _input.GetGetter<TValue>(_parent._input.Schema[column.Index])
                : _worker.CreateGetter(column.Index - _inputCount, CurrentSlot);
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' has type {column.Type}, not {typeof(TValue).Name}.");
        }

        private int CurrentSlot() => _slot;

        public override bool MoveNext()
        {
            if (_disposed) return false;
            if (_slot + 1 >= _batchCount && !FillBatch()) return false;
            _slot++;
            _position++;
            return true;
        }

        private bool FillBatch()
        {
            _batchCount = 0;
            _slot = -1;
            while (_batchCount < _batchLimit && _input.MoveNext())
            {
                if (_computes && !_worker.Load(_batchCount)) continue; // dropped under a skip policy; the worker has logged why
                foreach (var cache in _passThrough.Values) cache.Store(_batchCount);
                _ids?.Store(_batchCount);
                _batchCount++;
            }
            if (_batchCount == 0) return false;
            if (_computes) _worker.Compute(_batchCount);
            _batchLimit = Math.Min(2 * _batchLimit, _maxBatch);
            return true;
        }

        protected override void Dispose(bool disposing)
        {
            if (_disposed) return;
            _disposed = true;
            if (disposing)
            {
                _worker?.Dispose();
                _input.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
