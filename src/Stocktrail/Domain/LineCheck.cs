namespace Stocktrail.Domain;

/// <summary>A batch and a quantity of it; <paramref name="ExpiresOn"/> only where the batch enters stock.</summary>
public sealed record BatchQuantity(string? Batch, decimal Quantity,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] DateOnly? ExpiresOn = null);

/// <summary>The serials or batches one document line gives, checked against its product's tracking type.</summary>
public sealed record LineUnits(IReadOnlyList<SerialNumber> Serials, IReadOnlyList<(string Batch, decimal Quantity)> Batches)
{
    public static readonly LineUnits None = new([], []);
}

/// <summary>
/// Checks one line of a request (not a ledger entry): what may be said about units on any document line, how many,
/// which serials, which batches. The rules are the same for receipts, uses, dispatches, adjustments and transfers;
/// every problem is collected, naming the line; the units it accepts are its <see cref="LineUnits"/>.
/// </summary>
public static class LineCheck
{
    /// <param name="line">The line's 1-based position in the request, as problems name it.</param>
    /// <param name="seen">Serials already given earlier in the same request, so that one serial is never given twice.</param>
    public static LineUnits Check(Product product, int line, decimal quantity, IReadOnlyList<string?>? serials,
        IReadOnlyList<BatchQuantity>? batches, ProblemList problems, SerialsSeen seen, string? label = null)
    {
        var at = label ?? $"Line {line} ({product.Sku})";
        var ok = true;
        if (!Quantity.TryCreate(quantity, out _, out var wrong))
        {
            problems.Add(new Problem(ProblemKind.Invalid, $"{at}: {wrong}") { Line = line });
            // Too large or too precise to keep: nothing else about the line can be checked against it.
            if (quantity > 0) return LineUnits.None;
            ok = false;
        }

        if (product.TrackingType != TrackingType.Serial && serials is { Count: > 0 })
        {
            problems.Add(new Problem(ProblemKind.Invalid, $"{at}: {product.Sku} is tracked as {product.TrackingType}, not by serial; serials cannot be given for it.") { Line = line });
            ok = false;
        }
        if (product.TrackingType != TrackingType.Batch && batches is { Count: > 0 })
        {
            problems.Add(new Problem(ProblemKind.Invalid, $"{at}: {product.Sku} is tracked as {product.TrackingType}, not by batch; batches cannot be given for it.") { Line = line });
            ok = false;
        }

        return product.TrackingType switch
        {
            TrackingType.Serial when ok => CheckSerials(product, line, at, quantity, serials, problems, seen),
            TrackingType.Batch when ok => CheckBatches(at, line, quantity, batches, problems),
            _ => LineUnits.None,
        };
    }

    private static LineUnits CheckSerials(Product product, int line, string at, decimal quantity, IReadOnlyList<string?>? items,
        ProblemList problems, SerialsSeen seen)
    {
        if (quantity != decimal.Truncate(quantity))
        {
            problems.Add(new Problem(ProblemKind.Invalid, $"{at}: serialized units are whole; a quantity of {quantity} cannot be given serials.") { Line = line });
            return LineUnits.None;
        }
        if (items is null || items.Count == 0)
        {
            problems.Add(new Problem(ProblemKind.Invalid, $"{at}: {product.Sku} is serialized; give the serial of each of the {quantity} units.") { Line = line });
            return LineUnits.None;
        }

        var expanded = SerialList.Expand(items, quantity);
        foreach (var problem in expanded.Problems)
            problems.Add(new Problem(ProblemKind.Invalid, $"{at}: {problem}") { Line = line });

        var distinct = new List<SerialNumber>(expanded.Serials.Count);
        foreach (var serial in expanded.Serials)
        {
            if (seen.TryAdd(product.Id, serial, line, out var firstLine)) distinct.Add(serial);
            else
                problems.Add(new Problem(ProblemKind.Invalid, firstLine == line
                    ? $"{at}: serial {serial} is given twice."
                    : $"{at}: serial {serial} is given twice, here and on line {firstLine}.") { Line = line, Serial = serial.Value });
        }

        if (expanded.Problems.Count == 0 && expanded.Serials.Count != quantity)
            problems.Add(new Problem(ProblemKind.Invalid,
                $"{at}: {expanded.Serials.Count} serial{(expanded.Serials.Count == 1 ? " was" : "s were")} given for a quantity of {quantity}; give exactly one serial per unit.") { Line = line });
        return new LineUnits(distinct, []);
    }

    private static LineUnits CheckBatches(string at, int line, decimal quantity, IReadOnlyList<BatchQuantity>? batches, ProblemList problems)
    {
        if (batches is null || batches.Count == 0)
        {
            problems.Add(new Problem(ProblemKind.Invalid, $"{at}: the product is batch-tracked; say which batches the {quantity} units are, each with its quantity (for example LOT-A: 10).") { Line = line });
            return LineUnits.None;
        }
        var result = new List<(string, decimal)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in batches)
        {
            if (b is null)
            {
                problems.Add(new Problem(ProblemKind.Invalid, $"{at}: an empty batch was given; give each batch its code and quantity.") { Line = line });
                continue;
            }
            if (!BatchCode.TryCreate(b.Batch, out var code, out var error))
            {
                problems.Add(new Problem(ProblemKind.Invalid, $"{at}: {error}") { Line = line, Batch = b.Batch });
                continue;
            }
            if (!seen.Add(code.Key))
                problems.Add(new Problem(ProblemKind.Invalid, $"{at}: batch {code} is given twice.") { Line = line, Batch = code });
            else if (Amounts.Check(b.Quantity, $"Batch {code}'s quantity") is { } tooBig)
                problems.Add(new Problem(ProblemKind.Invalid, $"{at}: {tooBig}") { Line = line, Batch = code });
            else if (b.Quantity <= 0)
                problems.Add(new Problem(ProblemKind.Invalid, $"{at}: batch {code} needs a quantity of more than zero (was {b.Quantity}).") { Line = line, Batch = code });
            else result.Add((code.Value, b.Quantity));
        }
        var total = batches.Sum(b => b?.Quantity ?? 0);
        if (total != quantity)
            problems.Add(new Problem(ProblemKind.Invalid, $"{at}: the batch quantities add up to {total}, not the line's quantity of {quantity}.") { Line = line });
        return new LineUnits([], result);
    }
}

/// <summary>The serials a request has given so far, per product, with the line that gave each first.</summary>
public sealed class SerialsSeen
{
    private readonly Dictionary<(int ProductId, string Key), int> _firstLine = [];

    public bool TryAdd(int productId, SerialNumber serial, int line, out int firstLine)
    {
        if (_firstLine.TryGetValue((productId, serial.Key), out firstLine)) return false;
        _firstLine[(productId, serial.Key)] = line;
        return true;
    }
}
