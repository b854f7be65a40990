namespace Microsoft.ML.AudioVisual.Data;

/// <summary>
/// The lazy output of our transformers: the input view plus the columns a <see cref="RowBatchMapper"/>
/// computes. Nothing is computed until a cursor moves, and only the active output columns are
/// computed. With a batch size above one, a leading input cursor fills a batch (one computation per
/// batch) while a trailing input cursor, moving in lockstep, serves the pass-through columns.
/// </summary>
internal sealed class MappedDataView : IDataView
{
    private readonly IDataView _input;
    private readonly RowBatchMapper _mapper;

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

        // Both cursors must see the same row order: give them identically seeded generators.
        int? seed = rand?.Next();
        Random? NewRandom() => seed is int s ? new Random(s) : null;
        if (_mapper.BatchSize == 1)
        {
            var single = _input.GetRowCursor(passThrough.Concat(dependencies).DistinctBy(c => c.Index), NewRandom());
            return new Cursor(this, single, single, needed);
        }
        var leading = _input.GetRowCursor(dependencies, NewRandom());
        var trailing = _input.GetRowCursor(passThrough, NewRandom());
        return new Cursor(this, leading, trailing, needed);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly MappedDataView _parent;
        private readonly DataViewRowCursor _leading;
        private readonly DataViewRowCursor _trailing;
        private readonly HashSet<int> _active;
        private readonly RowBatchWorker _worker;
        private readonly int _inputCount;
        private readonly int _batchSize;
        private readonly Queue<bool> _pendingKeeps = new(); // rows the leading cursor read, trailing not yet
        private int _slot = -1;
        private int _batchCount;
        private long _position = -1;
        private bool _disposed;

        public Cursor(MappedDataView parent, DataViewRowCursor leading, DataViewRowCursor trailing, HashSet<int> active)
        {
            _parent = parent;
            _leading = leading;
            _trailing = trailing;
            _active = active;
            _inputCount = parent._input.Schema.Count;
            _batchSize = parent._mapper.BatchSize;
            try
            {
                _worker = parent._mapper.CreateWorker(leading, i => active.Contains(_inputCount + i));
            }
            catch
            {
                DisposeCursors();
                throw;
            }
        }

        public override DataViewSchema Schema => _parent.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<DataViewRowId> GetIdGetter() => _trailing.GetIdGetter();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column))
                throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor.");
            if (column.Index < _inputCount) return _trailing.GetGetter<TValue>(_parent._input.Schema[column.Index]);
            var getter = _worker.CreateGetter(column.Index - _inputCount, () => _slot);
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' has type {column.Type}, not {typeof(TValue).Name}.");
        }

        public override bool MoveNext()
        {
            if (_disposed) return false;
            if (_slot + 1 >= _batchCount && !FillBatch()) return false;
            _slot++;
            AdvanceTrailing();
            _position++;
            return true;
        }

        private bool FillBatch()
        {
            _batchCount = 0;
            _slot = -1;
            while (_batchCount < _batchSize && _leading.MoveNext())
            {
                bool keep = _worker.Load(_batchCount);
                if (!ReferenceEquals(_leading, _trailing)) _pendingKeeps.Enqueue(keep);
                else if (!keep) continue;
                if (keep) _batchCount++;
            }
            if (_batchCount == 0) return false;
            _worker.Compute(_batchCount);
            return true;
        }

        private void AdvanceTrailing()
        {
            if (ReferenceEquals(_leading, _trailing)) return;
            // Skip the rows the worker dropped, then land on the row of the current slot.
            while (_pendingKeeps.Count > 0)
            {
                bool keep = _pendingKeeps.Dequeue();
                if (!_trailing.MoveNext()) throw new InvalidOperationException("The input view returned fewer rows on a second cursor.");
                if (keep) return;
            }
            throw new InvalidOperationException("Internal error: no pending input row for the current batch slot.");
        }

        protected override void Dispose(bool disposing)
        {
            if (_disposed) return;
            _disposed = true;
            if (disposing)
            {
                _worker?.Dispose();
                DisposeCursors();
            }
            base.Dispose(disposing);
        }

        private void DisposeCursors()
        {
            _leading.Dispose();
            if (!ReferenceEquals(_leading, _trailing)) _trailing.Dispose();
        }
    }
}
