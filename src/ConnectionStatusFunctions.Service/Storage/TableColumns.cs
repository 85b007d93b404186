using System.Reflection;
using System.Runtime.Serialization;
using Azure.Data.Tables;

namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>
/// Reads stored rows one column at a time. Storage Explorer lets an operator change any cell's value
/// and type, and a typed read of the whole row would throw on one such cell, failing every query that
/// returns the row; read this way, a column of another type than the service writes is named, so that
/// only its own row is spoiled. A missing column reads as empty, as a typed read would have it:
/// rows written before a column existed stay readable.
/// </summary>
public static class TableColumns
{
    /// <summary>The row as <typeparamref name="T"/>; each column whose type is not its property's is added to <paramref name="badColumns"/> and left empty.</summary>
    public static T Read<T>(TableEntity row, ICollection<string> badColumns) where T : class, ITableEntity, new()
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(badColumns);
        var entity = new T { PartitionKey = row.PartitionKey, RowKey = row.RowKey, Timestamp = row.Timestamp, ETag = row.ETag };
        foreach (var column in ColumnsOf<T>.All)
        {
            if (row.TryGetValue(column.Name, out var value) && value is not null && !column.TrySet(entity, value))
            {
                badColumns.Add(column.Name);
            }
        }

        return entity;
    }

    /// <summary>The column's value when it holds a <typeparamref name="TValue"/>; null when missing, and also when of another type, which is then added to <paramref name="badColumns"/> (if the caller wants to know).</summary>
    public static TValue? Get<TValue>(TableEntity row, string column, ICollection<string>? badColumns = null) where TValue : struct
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!row.TryGetValue(column, out var value) || value is null)
        {
            return null;
        }

        if (TryCoerce(value, out TValue typed))
        {
            return typed;
        }

        badColumns?.Add(column);
        return null;
    }

    /// <summary>As <see cref="Get{TValue}"/>, for a String column.</summary>
    public static string? GetString(TableEntity row, string column, ICollection<string>? badColumns = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!row.TryGetValue(column, out var value) || value is null)
        {
            return null;
        }

        if (value is string text)
        {
            return text;
        }

        badColumns?.Add(column);
        return null;
    }

    /// <summary>
    /// The value as the type the service writes it as. Only widenings that lose nothing are taken: the
    /// service never writes anything else. Generic over the value type, so that a list of thousands of
    /// rows neither boxes each value again nor sets it through reflection.
    /// </summary>
    private static bool TryCoerce<TValue>(object value, out TValue typed) where TValue : struct
    {
        if (value is TValue exact)
        {
            typed = exact;
            return true;
        }

        object? widened = value switch
        {
            int number when typeof(TValue) == typeof(long) => (long)number,
            // The table service may send a whole Double without its type, which reads as Int32.
            int number when typeof(TValue) == typeof(double) => (double)number,
            DateTime moment when typeof(TValue) == typeof(DateTimeOffset) => new DateTimeOffset(DateTime.SpecifyKind(moment, DateTimeKind.Utc)),
            _ => null,
        };
        typed = widened is TValue converted ? converted : default;
        return widened is not null;
    }

    /// <summary>A writable property read from the column of its name; keys, timestamp and ETag are set from the row itself.</summary>
    private abstract class Column<T>(string name)
    {
        public string Name { get; } = name;

        /// <summary>Sets the property from the column's value; false, leaving it empty, when the value is of another type.</summary>
        public abstract bool TrySet(T entity, object value);
    }

    private sealed class StringColumn<T>(PropertyInfo property) : Column<T>(property.Name)
    {
        private readonly Action<T, string?> _set = property.SetMethod!.CreateDelegate<Action<T, string?>>();

        public override bool TrySet(T entity, object value)
        {
            if (value is not string text)
            {
                return false;
            }

            _set(entity, text);
            return true;
        }
    }

    private sealed class ValueColumn<T, TValue>(PropertyInfo property) : Column<T>(property.Name) where TValue : struct
    {
        private readonly Action<T, TValue>? _set = property.PropertyType == typeof(TValue) ? property.SetMethod!.CreateDelegate<Action<T, TValue>>() : null;
        private readonly Action<T, TValue?>? _setNullable = property.PropertyType == typeof(TValue?) ? property.SetMethod!.CreateDelegate<Action<T, TValue?>>() : null;

        public override bool TrySet(T entity, object value)
        {
            if (!TryCoerce(value, out TValue typed))
            {
                return false;
            }

            if (_set is not null)
            {
                _set(entity, typed);
            }
            else
            {
                _setNullable!(entity, typed);
            }

            return true;
        }
    }

    private static class ColumnsOf<T>
    {
        public static readonly Column<T>[] All = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite && p.GetCustomAttribute<IgnoreDataMemberAttribute>() is null)
            .Where(p => p.Name is not (nameof(ITableEntity.PartitionKey) or nameof(ITableEntity.RowKey) or nameof(ITableEntity.Timestamp) or nameof(ITableEntity.ETag)))
            .Select(ColumnFor)
            .ToArray();

        private static Column<T> ColumnFor(PropertyInfo property) => (Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType) switch
        {
            var type when type == typeof(string) => new StringColumn<T>(property),
            var type when type == typeof(int) => new ValueColumn<T, int>(property),
            var type when type == typeof(long) => new ValueColumn<T, long>(property),
            var type when type == typeof(double) => new ValueColumn<T, double>(property),
            var type when type == typeof(bool) => new ValueColumn<T, bool>(property),
            var type when type == typeof(DateTimeOffset) => new ValueColumn<T, DateTimeOffset>(property),
            var type => throw new NotSupportedException($"{typeof(T).Name}.{property.Name} is of type {type.Name}, which no table column holds."),
        };
    }
}
