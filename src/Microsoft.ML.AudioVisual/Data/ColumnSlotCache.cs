namespace Microsoft.ML.AudioVisual.Data;

/// <summary>
/// Per-slot copies of one input column for the rows of a batch. A batched cursor reads its input once, ahead of
/// the row it serves, so pass-through columns must be copied as the rows go by: reading them through a second
/// input cursor would run the whole upstream pipeline (media decoding included) a second time.
/// </summary>
internal abstract class ColumnSlotCache
{
    /// <summary>Copies the current value of the input row into <paramref name="slot"/>.</summary>
    public abstract void Store(int slot);

    /// <summary>A getter that serves the value stored in the slot <paramref name="slot"/> returns.</summary>
    public abstract Delegate CreateGetter(Func<int> slot);

    /// <summary>A cache for <paramref name="column"/> of <paramref name="row"/>, any column type.</summary>
    public static ColumnSlotCache Create(DataViewRow row, DataViewSchema.Column column, int capacity)
    {
        var raw = column.Type.RawType;
        Type cache = raw.IsGenericType && raw.GetGenericTypeDefinition() == typeof(VBuffer<>)
            ? typeof(VectorCache<>).MakeGenericType(raw.GetGenericArguments()[0])
            : raw == typeof(ReadOnlyMemory<char>) ? typeof(TextCache) : typeof(ValueCache<>).MakeGenericType(raw);
        return (ColumnSlotCache)Activator.CreateInstance(cache, row, column, capacity)!;
    }

    /// <summary>The ids of the rows in a batch.</summary>
    public static ColumnSlotCache<DataViewRowId> ForIds(DataViewRow row, int capacity) =>
        new ValueCache<DataViewRowId>(row.GetIdGetter(), capacity);

    private sealed class VectorCache<T>(DataViewRow row, DataViewSchema.Column column, int capacity) : ColumnSlotCache<VBuffer<T>>(
        row.GetGetter<VBuffer<T>>(column), capacity)
    {
        // VBuffer getters may reuse their buffers, so each slot keeps a deep copy.
        protected override void Copy(in VBuffer<T> source, ref VBuffer<T> destination) => source.CopyTo(ref destination);
    }

    private sealed class TextCache(DataViewRow row, DataViewSchema.Column column, int capacity) : ColumnSlotCache<ReadOnlyMemory<char>>(
        row.GetGetter<ReadOnlyMemory<char>>(column), capacity)
    {
        // Text getters may hand out views of a buffer that the next row overwrites.
        protected override void Copy(in ReadOnlyMemory<char> source, ref ReadOnlyMemory<char> destination) =>
            destination = source.ToString().AsMemory();
    }

    private sealed class ValueCache<T> : ColumnSlotCache<T>
    {
        public ValueCache(DataViewRow row, DataViewSchema.Column column, int capacity) : base(row.GetGetter<T>(column), capacity)
        {
        }

        public ValueCache(ValueGetter<T> getter, int capacity) : base(getter, capacity)
        {
        }

        protected override void Copy(in T source, ref T destination) => destination = source;
    }
}

/// <summary>A <see cref="ColumnSlotCache"/> of values of type <typeparamref name="T"/>.</summary>
internal abstract class ColumnSlotCache<T> : ColumnSlotCache
{
    private readonly ValueGetter<T> _getter;
    private readonly T[] _slots;
    private T _current = default!;

    protected ColumnSlotCache(ValueGetter<T> getter, int capacity)
    {
        _getter = getter;
        _slots = new T[capacity];
    }

    /// <summary>Copies a value so that later changes to <paramref name="source"/> cannot reach <paramref name="destination"/>.</summary>
    protected abstract void Copy(in T source, ref T destination);

    /// <inheritdoc />
    public override void Store(int slot)
    {
        _getter(ref _current);
        Copy(_current, ref _slots[slot]);
    }

    /// <inheritdoc />
    public override Delegate CreateGetter(Func<int> slot) => Getter(slot);

    /// <summary>The typed getter of <see cref="CreateGetter"/>.</summary>
    public ValueGetter<T> Getter(Func<int> slot) => (ref T value) => Copy(_slots[slot()], ref value);
}
