using System.Collections.Concurrent;
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
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Columns = new();

    /// <summary>The row as <typeparamref name="T"/>; each column whose type is not its property's is added to <paramref name="badColumns"/> and left empty.</summary>
    public static T Read<T>(TableEntity row, ICollection<string> badColumns) where T : class, ITableEntity, new()
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(badColumns);
        var entity = new T { PartitionKey = row.PartitionKey, RowKey = row.RowKey, Timestamp = row.Timestamp, ETag = row.ETag };
        foreach (var property in Columns.GetOrAdd(typeof(T), ColumnsOf))
        {
            if (!row.TryGetValue(property.Name, out var value) || value is null)
            {
                continue;
            }

            if (Coerce(value, Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType) is { } typed)
            {
                property.SetValue(entity, typed);
            }
            else
            {
                badColumns.Add(property.Name);
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

        if (Coerce(value, typeof(TValue)) is TValue typed)
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

    /// <summary>The value as the type the service writes it as, or null. Only widenings that lose nothing are taken: the service never writes anything else.</summary>
    private static object? Coerce(object value, Type type) => value switch
    {
        string when type == typeof(string) => value,
        int when type == typeof(int) => value,
        int number when type == typeof(long) => (long)number,
        long when type == typeof(long) => value,
        // The table service may send a whole Double without its type, which reads as Int32.
        int number when type == typeof(double) => (double)number,
        double when type == typeof(double) => value,
        bool when type == typeof(bool) => value,
        DateTimeOffset when type == typeof(DateTimeOffset) => value,
        DateTime moment when type == typeof(DateTimeOffset) => new DateTimeOffset(DateTime.SpecifyKind(moment, DateTimeKind.Utc)),
        _ => null,
    };

    private static PropertyInfo[] ColumnsOf(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite && p.GetCustomAttribute<IgnoreDataMemberAttribute>() is null)
            .Where(p => p.Name is not (nameof(ITableEntity.PartitionKey) or nameof(ITableEntity.RowKey) or nameof(ITableEntity.Timestamp) or nameof(ITableEntity.ETag)))
            .ToArray();
}
