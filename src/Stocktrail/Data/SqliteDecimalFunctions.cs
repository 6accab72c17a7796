using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Stocktrail.Data;

/// <summary>
/// Faster, still exact, replacements for the decimal functions EF Core registers on every SQLite connection, for the
/// ones the ledger check and the reports call once per ledger row: <c>ef_sum</c> (the aggregate of <c>Sum</c> over a
/// decimal) and <c>ef_compare</c> (every comparison of decimals). EF Core stores a decimal as text and registers these
/// through Microsoft.Data.Sqlite, which turns each argument into a .NET string and <c>decimal.Parse</c>s it (2.5–4 µs a
/// row). These are registered on the connection's native handle after EF Core's, under the same names and argument
/// counts (SQLite then calls these), as native callbacks into the same SQLite library, and read each value from its
/// UTF-8 bytes: a plain decimal as EF Core writes it (<c>-123.45</c>, at most 28 digits) is read digit by digit into an
/// exact <see cref="decimal"/>; anything else (an exponent, a sign or space EF Core does not write, more digits) is read
/// as EF Core reads it, <c>decimal.Parse(text, Number | AllowExponent, invariant)</c>; an INTEGER is taken as it is.
/// What they answer is EF Core's answer: NULLs are skipped, a group with no value sums to NULL, the sum is text written
/// as EF Core writes a decimal, a comparison with a NULL is NULL, a value that is not a number fails the query. One
/// difference: where adding would round (a sum beyond 28 significant digits, which .NET's decimal addition rounds
/// silently), the query fails instead. docs/decisions.md has the measurements.
/// </summary>
public static unsafe class SqliteDecimalFunctions
{
    private const int Utf8 = 1; // SQLITE_UTF8
    private const int Deterministic = 0x800; // SQLITE_DETERMINISTIC, as Microsoft.Data.Sqlite registers EF Core's
    private const int Ok = 0, Integer = 1, Text = 3, Null = 5; // SQLITE_OK and the fundamental datatypes
    private const string DecimalFormat = "0.0###########################"; // how EF Core and Microsoft.Data.Sqlite write a decimal
    private const NumberStyles EfStyles = NumberStyles.Number | NumberStyles.AllowExponent;

    /// <summary>Registers them on every connection EF Core opens, after its own (a connection re-registers EF's at each open).</summary>
    public static DbConnectionInterceptor Interceptor { get; } = new OnOpen();

    /// <summary>Replaces EF Core's <c>ef_sum</c> and <c>ef_compare</c> on an open connection.</summary>
    public static void Register(SqliteConnection connection)
    {
        var db = (connection.Handle ?? throw new InvalidOperationException("The connection is not open.")).DangerousGetHandle();
        Create(db, "ef_sum"u8, 1, null, &SumStep, &SumFinal);
        Create(db, "ef_compare"u8, 2, &Compare, null, null);
    }

    private static void Create(nint db, ReadOnlySpan<byte> name, int arguments,
        delegate* unmanaged<nint, int, nint*, void> function, delegate* unmanaged<nint, int, nint*, void> step, delegate* unmanaged<nint, void> final)
    {
        Span<byte> zeroTerminated = stackalloc byte[name.Length + 1];
        name.CopyTo(zeroTerminated);
        zeroTerminated[^1] = 0;
        int rc;
        fixed (byte* z = zeroTerminated)
            rc = Native.CreateFunction(db, z, arguments, Utf8 | Deterministic, 0, function, step, final, 0);
        if (rc != Ok) throw new InvalidOperationException($"SQLite refused the function {Encoding.UTF8.GetString(name)} (error {rc}).");
    }

    /// <summary>A group's sum, in the memory SQLite keeps for it (zeroed at the group's first row).</summary>
    private struct Sum
    {
        public decimal Total;
        public int Any;
    }

    [UnmanagedCallersOnly]
    private static void SumStep(nint ctx, int argc, nint* argv)
    {
        try
        {
            if (!TryRead(ctx, argv[0], "ef_sum", out var value, out var isNull) || isNull) return;
            var sum = (Sum*)Native.AggregateContext(ctx, sizeof(Sum));
            if (sum is null)
            {
                Native.ResultErrorNoMemory(ctx);
                return;
            }
            if (sum->Any == 0)
            {
                (sum->Total, sum->Any) = (value, 1);
                return;
            }
            var total = sum->Total + value;
            // .NET rounds a sum that does not fit in 96 bits to fewer places, and only then: fewer places is a rounding.
            if (total.Scale < Math.Max(sum->Total.Scale, value.Scale))
                Error(ctx, $"ef_sum: {sum->Total.ToString(CultureInfo.InvariantCulture)} + {value.ToString(CultureInfo.InvariantCulture)} needs more than 28 significant digits; the sum would be rounded.");
            else sum->Total = total;
        }
        catch (Exception e)
        {
            Error(ctx, $"ef_sum: {e.Message}");
        }
    }

    [UnmanagedCallersOnly]
    private static void SumFinal(nint ctx)
    {
        try
        {
            var sum = (Sum*)Native.AggregateContext(ctx, 0); // null when the group had no row
            if (sum is null || sum->Any == 0)
            {
                Native.ResultNull(ctx);
                return;
            }
            Span<byte> text = stackalloc byte[64];
            if (!sum->Total.TryFormat(text, out var length, DecimalFormat, CultureInfo.InvariantCulture)) throw new InvalidOperationException("A decimal longer than 64 characters.");
            fixed (byte* p = text) Native.ResultText(ctx, p, length, -1); // SQLITE_TRANSIENT: SQLite copies it
        }
        catch (Exception e)
        {
            Error(ctx, $"ef_sum: {e.Message}");
        }
    }

    [UnmanagedCallersOnly]
    private static void Compare(nint ctx, int argc, nint* argv)
    {
        try
        {
            // Both are read first, as EF Core's does: a value that is not a number fails even beside a NULL.
            if (!TryRead(ctx, argv[0], "ef_compare", out var left, out var leftNull) || !TryRead(ctx, argv[1], "ef_compare", out var right, out var rightNull)) return;
            if (leftNull || rightNull) Native.ResultNull(ctx);
            else Native.ResultInt(ctx, decimal.Compare(left, right));
        }
        catch (Exception e)
        {
            Error(ctx, $"ef_compare: {e.Message}");
        }
    }

    /// <summary>
    /// A value as EF Core's functions read it (Microsoft.Data.Sqlite's <c>GetDecimal</c>: the value's text through
    /// <c>decimal.Parse</c>), NULL as null. False, with the query's error set, when it is not a number.
    /// </summary>
    private static bool TryRead(nint ctx, nint value, string function, out decimal result, out bool isNull)
    {
        (result, isNull) = (0m, false);
        switch (Native.ValueType(value))
        {
            case Null:
                isNull = true;
                return true;
            case Integer:
                result = Native.ValueInt64(value);
                return true;
        }
        // TEXT as it is; a REAL or a BLOB as its text, as Microsoft.Data.Sqlite reads it.
        var bytes = new ReadOnlySpan<byte>(Native.ValueText(value), Native.ValueBytes(value));
        if (TryParsePlain(bytes, out result)) return true;
        var text = Encoding.UTF8.GetString(bytes);
        if (decimal.TryParse(text, EfStyles, CultureInfo.InvariantCulture, out result)) return true;
        // EF Core's own message for it, from the parse that fails.
        try { decimal.Parse(text, EfStyles, CultureInfo.InvariantCulture); }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            Error(ctx, $"{function}: {e.Message}");
        }
        return false;
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
        ulong low = 0; // the first 19 digits
        UInt128 mantissa = 0; // from the 20th on
        int significant = 0, places = 0;
        bool point = false, digits = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if ((uint)(c - '0') <= 9)
            {
                digits = true;
                if (point) places++;
                if (significant > 0 || c != '0') significant++;
                if (significant <= 19) low = low * 10 + (uint)(c - '0');
                else if (significant <= 28) mantissa = (significant == 20 ? low : mantissa) * 10 + (uint)(c - '0');
                else return false;
            }
            else if (c == (byte)'.' && !point) point = true;
            else return false;
        }
        if (significant <= 19) mantissa = low;
        if (!digits || places > 28 || (negative && mantissa == 0)) return false;
        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), (int)(uint)(mantissa >> 64), negative, (byte)places);
        return true;
    }

    private static void Error(nint ctx, string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        fixed (byte* p = bytes) Native.ResultError(ctx, p, bytes.Length);
    }

    /// <summary>
    /// SQLite's C functions, from the library Microsoft.Data.Sqlite uses (SQLitePCLRaw's e_sqlite3, loaded as its
    /// provider loads it), called directly: SQLitePCLRaw's own callbacks wrap every value in objects, which costs more
    /// than the sum.
    /// </summary>
    private static class Native
    {
        private static readonly nint Library = NativeLibrary.Load("e_sqlite3", typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly, null);

        private static readonly delegate* unmanaged<nint, byte*, int, int, nint, delegate* unmanaged<nint, int, nint*, void>, delegate* unmanaged<nint, int, nint*, void>, delegate* unmanaged<nint, void>, nint, int> CreateFunctionV2 =
            (delegate* unmanaged<nint, byte*, int, int, nint, delegate* unmanaged<nint, int, nint*, void>, delegate* unmanaged<nint, int, nint*, void>, delegate* unmanaged<nint, void>, nint, int>)Export("sqlite3_create_function_v2");
        private static readonly delegate* unmanaged<nint, int, void*> AggregateContextFn = (delegate* unmanaged<nint, int, void*>)Export("sqlite3_aggregate_context");
        private static readonly delegate* unmanaged<nint, int> ValueTypeFn = (delegate* unmanaged<nint, int>)Export("sqlite3_value_type");
        private static readonly delegate* unmanaged<nint, long> ValueInt64Fn = (delegate* unmanaged<nint, long>)Export("sqlite3_value_int64");
        private static readonly delegate* unmanaged<nint, byte*> ValueTextFn = (delegate* unmanaged<nint, byte*>)Export("sqlite3_value_text");
        private static readonly delegate* unmanaged<nint, int> ValueBytesFn = (delegate* unmanaged<nint, int>)Export("sqlite3_value_bytes");
        private static readonly delegate* unmanaged<nint, byte*, int, nint, void> ResultTextFn = (delegate* unmanaged<nint, byte*, int, nint, void>)Export("sqlite3_result_text");
        private static readonly delegate* unmanaged<nint, int, void> ResultIntFn = (delegate* unmanaged<nint, int, void>)Export("sqlite3_result_int");
        private static readonly delegate* unmanaged<nint, void> ResultNullFn = (delegate* unmanaged<nint, void>)Export("sqlite3_result_null");
        private static readonly delegate* unmanaged<nint, byte*, int, void> ResultErrorFn = (delegate* unmanaged<nint, byte*, int, void>)Export("sqlite3_result_error");
        private static readonly delegate* unmanaged<nint, void> ResultErrorNoMemoryFn = (delegate* unmanaged<nint, void>)Export("sqlite3_result_error_nomem");

        private static nint Export(string name) => NativeLibrary.GetExport(Library, name);

        public static int CreateFunction(nint db, byte* name, int arguments, int flags, nint app, delegate* unmanaged<nint, int, nint*, void> function,
            delegate* unmanaged<nint, int, nint*, void> step, delegate* unmanaged<nint, void> final, nint destroy) =>
            CreateFunctionV2(db, name, arguments, flags, app, function, step, final, destroy);

        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void* AggregateContext(nint ctx, int bytes) => AggregateContextFn(ctx, bytes);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int ValueType(nint value) => ValueTypeFn(value);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static long ValueInt64(nint value) => ValueInt64Fn(value);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static byte* ValueText(nint value) => ValueTextFn(value);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int ValueBytes(nint value) => ValueBytesFn(value);
        public static void ResultText(nint ctx, byte* text, int length, nint destructor) => ResultTextFn(ctx, text, length, destructor);
        public static void ResultInt(nint ctx, int value) => ResultIntFn(ctx, value);
        public static void ResultNull(nint ctx) => ResultNullFn(ctx);
        public static void ResultError(nint ctx, byte* message, int length) => ResultErrorFn(ctx, message, length);
        public static void ResultErrorNoMemory(nint ctx) => ResultErrorNoMemoryFn(ctx);
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
