using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Stocktrail.Data;

/// <summary>
/// Faster, still exact, replacements for the decimal functions EF Core registers on every SQLite connection, for the
/// ones the ledger check and the reports call once per ledger row: <c>ef_sum</c> (the aggregate of <c>Sum</c> over a
/// decimal) and <c>ef_compare</c> (every comparison of decimals). EF Core stores a decimal as text and registers these
/// through Microsoft.Data.Sqlite, which turns each argument into a .NET string and <c>decimal.Parse</c>s it (about 3 µs
/// a row). These are registered on the connection's native handle after EF Core's, under the same names and argument
/// counts (SQLite then calls these), and read each value from its UTF-8 bytes: a plain decimal as EF Core writes it
/// (<c>-123.45</c>, at most 28 digits) is read digit by digit into an exact <see cref="decimal"/>; anything else (an
/// exponent, a sign or space EF Core does not write, more digits) is read as EF Core reads it,
/// <c>decimal.Parse(text, Number | AllowExponent, invariant)</c>; an INTEGER is taken as it is. What they answer is what
/// EF Core's answer: NULLs are skipped, a group with no value sums to NULL, the sum is text formatted as EF Core formats
/// a decimal, a comparison with a NULL is NULL. One difference: where adding would round (a sum beyond 28 significant
/// digits, which .NET's decimal addition rounds silently), the query fails instead. docs/decisions.md has the numbers.
/// </summary>
public static class SqliteDecimalFunctions
{
    private const int Deterministic = 0x800; // SQLITE_DETERMINISTIC, as Microsoft.Data.Sqlite registers EF Core's
    private const string DecimalFormat = "0.0###########################"; // how EF Core and Microsoft.Data.Sqlite write a decimal
    private const NumberStyles EfStyles = NumberStyles.Number | NumberStyles.AllowExponent;

    /// <summary>Adds them to every connection EF Core opens, after its own (a connection re-registers EF's at each open).</summary>
    public static DbConnectionInterceptor Interceptor { get; } = new OnOpen();

    /// <summary>Replaces EF Core's <c>ef_sum</c> and <c>ef_compare</c> on an open connection.</summary>
    public static void Register(SqliteConnection connection)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_create_function(db, "ef_sum", 1, raw.SQLITE_UTF8 | Deterministic, null, SumStep, SumFinal), db, "ef_sum");
        Check(raw.sqlite3_create_function(db, "ef_compare", 2, raw.SQLITE_UTF8 | Deterministic, null, Compare), db, "ef_compare");
    }

    private static void Check(int rc, sqlite3 db, string name)
    {
        if (rc != raw.SQLITE_OK) throw new InvalidOperationException($"SQLite refused the function {name}: {raw.sqlite3_errmsg(db).utf8_to_string()}");
    }

    private sealed class Sum
    {
        public decimal Total;
        public bool Any;
        public string? Error;
    }

    private static void SumStep(sqlite3_context ctx, object userData, sqlite3_value[] args)
    {
        var sum = ctx.state as Sum ?? (Sum)(ctx.state = new Sum());
        if (sum.Error is not null) return;
        try
        {
            if (Read(args[0]) is not { } value) return;
            if (!sum.Any)
            {
                (sum.Total, sum.Any) = (value, true);
                return;
            }
            var total = sum.Total + value;
            // .NET rounds a sum that does not fit in 96 bits to fewer places, and only then: fewer places is a rounding.
            if (total.Scale < Math.Max(sum.Total.Scale, value.Scale))
                sum.Error = $"ef_sum: {sum.Total} + {value} needs more than 28 significant digits; the sum would be rounded.";
            sum.Total = total;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            sum.Error = $"ef_sum: {e.Message}";
        }
    }

    private static void SumFinal(sqlite3_context ctx, object userData)
    {
        switch (ctx.state)
        {
            case Sum { Error: { } error }: raw.sqlite3_result_error(ctx, error); break;
            case Sum { Any: true } sum: raw.sqlite3_result_text(ctx, sum.Total.ToString(DecimalFormat, CultureInfo.InvariantCulture)); break;
            default: raw.sqlite3_result_null(ctx); break;
        }
    }

    private static void Compare(sqlite3_context ctx, object userData, sqlite3_value[] args)
    {
        try
        {
            // Both are read first, as EF Core's does: a value that is not a number fails even beside a NULL.
            var (left, right) = (Read(args[0]), Read(args[1]));
            if (left is { } l && right is { } r) raw.sqlite3_result_int(ctx, decimal.Compare(l, r));
            else raw.sqlite3_result_null(ctx);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            raw.sqlite3_result_error(ctx, $"ef_compare: {e.Message}");
        }
    }

    /// <summary>A value as EF Core's functions read it (Microsoft.Data.Sqlite's <c>GetDecimal</c>), NULL as null.</summary>
    internal static decimal? Read(sqlite3_value value)
    {
        switch (raw.sqlite3_value_type(value))
        {
            case raw.SQLITE_NULL:
                return null;
            case raw.SQLITE_INTEGER:
                return raw.sqlite3_value_int64(value);
            case raw.SQLITE_TEXT:
                var text = raw.sqlite3_value_text(value);
                var bytes = MemoryMarshal.CreateReadOnlySpan(in text.GetPinnableReference(), raw.sqlite3_value_bytes(value));
                if (TryParsePlain(bytes, out var plain)) return plain;
                return decimal.Parse(text.utf8_to_string(), EfStyles, CultureInfo.InvariantCulture);
            default:
                // A REAL or a BLOB: its text, as Microsoft.Data.Sqlite reads it.
                return decimal.Parse(raw.sqlite3_value_text(value).utf8_to_string(), EfStyles, CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// <c>-?digits[.digits]</c> with at most 28 significant digits and 28 places, as EF Core writes a decimal: exactly
    /// the <see cref="decimal"/> it says (28 digits always fit in 96 bits, so nothing rounds). False for anything else,
    /// and for a negative zero, which is left to <c>decimal.Parse</c>.
    /// </summary>
    internal static bool TryParsePlain(ReadOnlySpan<byte> text, out decimal value)
    {
        value = 0m;
        var i = 0;
        var negative = text.Length > 0 && text[0] == (byte)'-';
        if (negative) i = 1;
        UInt128 mantissa = 0;
        int significant = 0, places = 0;
        bool point = false, digits = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if ((uint)(c - '0') <= 9)
            {
                digits = true;
                if (point) places++;
                if (mantissa != 0 || c != '0') significant++;
                if (significant > 28) return false;
                mantissa = mantissa * 10 + (uint)(c - '0');
            }
            else if (c == (byte)'.' && !point) point = true;
            else return false;
        }
        if (!digits || places > 28 || (negative && mantissa == 0)) return false;
        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), (int)(uint)(mantissa >> 64), negative, (byte)places);
        return true;
    }

    private sealed class OnOpen : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (connection is SqliteConnection sqlite) Register(sqlite);
        }

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (connection is SqliteConnection sqlite) Register(sqlite);
            return Task.CompletedTask;
        }
    }
}
