namespace Microsoft.ML.AudioVisual.Data;

/// <summary>
/// Computes new columns from input rows, a batch at a time. A mapper is bound to one input schema,
/// is immutable and thread-safe; per-cursor state lives in the <see cref="RowBatchWorker"/> it creates.
/// One abstraction serves both media decoding (batch of one row) and network inference (one forward
/// pass per batch).
/// </summary>
internal abstract class RowBatchMapper
{
    protected RowBatchMapper(DataViewSchema inputSchema) => InputSchema = inputSchema;

    /// <summary>The schema the mapper was bound to.</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>The columns the mapper adds, in order.</summary>
    public abstract IReadOnlyList<DataViewSchema.DetachedColumn> Outputs { get; }

    /// <summary>Rows per batch: 1 for row-at-a-time work.</summary>
    public virtual int BatchSize => 1;

    /// <summary>True when <see cref="RowBatchWorker.Load"/> may drop rows (a skip policy), so the row count is unknown.</summary>
    public virtual bool MayDropRows => false;

    /// <summary>
    /// Called when a second (third, ...) cursor that computes outputs opens over the same view: expensive mappers
    /// (media decoding, networks) use it to tell the user that every pass repeats the work.
    /// </summary>
    /// <param name="pass">The 1-based number of the pass that is starting (2 or more).</param>
    public virtual void OnRepeatedPass(int pass)
    {
    }

    /// <summary>The input columns needed to compute the outputs whose indices are active.</summary>
    public abstract IEnumerable<DataViewSchema.Column> GetDependencies(Func<int, bool> isOutputActive);

    /// <summary>Creates the state for one cursor (or one row mapper) reading from <paramref name="input"/>.</summary>
    public abstract RowBatchWorker CreateWorker(DataViewRow input, Func<int, bool> isOutputActive);
}

/// <summary>Per-cursor state of a <see cref="RowBatchMapper"/>: single-threaded, disposable.</summary>
internal abstract class RowBatchWorker : IDisposable
{
    /// <summary>
    /// False when the worker serves a row mapper (prediction engine): one output row per input row is owed, so a
    /// skip policy must throw the error it would otherwise log.
    /// </summary>
    public bool CanDropRows { get; set; } = true;

    /// <summary>
    /// Reads the input row the cursor is on into batch slot <paramref name="slot"/>. Returns false when
    /// the row is to be dropped under a documented skip policy (the worker has logged why).
    /// </summary>
    public abstract bool Load(int slot);

    /// <summary>Computes the active outputs of slots 0 .. count-1.</summary>
    public virtual void Compute(int count)
    {
    }

    /// <summary>A getter for output <paramref name="output"/> that reads the slot <paramref name="slot"/> returns.</summary>
    public abstract Delegate CreateGetter(int output, Func<int> slot);

    /// <summary>Called once the cursor is done; reports counts and frees native resources.</summary>
    public virtual void Dispose()
    {
    }
}
