using Stocktrail.Domain;

namespace Stocktrail.Features.Labels;

public enum Symbology { Code128, Qr, DataMatrix, Gs1_128, Gs1DataMatrix }

/// <summary>What one label says: to a person in text, to a scanner in its barcode.</summary>
public sealed record Label(string ProductName, string Sku, string? Gtin, string? Serial, string? Batch, DateOnly? ExpiresOn)
{
    public static bool IsGs1(Symbology symbology) => symbology is Symbology.Gs1_128 or Symbology.Gs1DataMatrix;

    /// <summary>What identifies the unit: its serial, else its batch, else (stock without either) the product's SKU.</summary>
    public string Code => Serial ?? Batch ?? Sku;

    public IReadOnlyList<(string Ai, string Value)> Gs1Elements => Gs1.Elements(Gtin!, ExpiresOn, Batch, Serial);

    /// <summary>The text a scanner types when it reads this label's barcode.</summary>
    public string Scanned(Symbology symbology) => IsGs1(symbology) ? Gs1.Transmitted(Gs1Elements) : Code;

    /// <summary>The text lines a person reads, top to bottom (the product name is drawn separately, in bold).</summary>
    public IReadOnlyList<string> TextLines()
    {
        var lines = new List<string> { $"SKU {Sku}" };
        if (Serial is not null) lines.Add($"S/N {Serial}");
        if (Batch is not null) lines.Add($"Batch {Batch}");
        if (ExpiresOn is { } date) lines.Add($"Expires {date:yyyy-MM-dd}");
        return lines;
    }

    /// <summary>Why this label cannot be drawn in the symbology, or null when it can.</summary>
    public string? WhyNot(Symbology symbology)
    {
        var what = Serial is not null ? $"Serial {Serial}" : Batch is not null ? $"Batch {Batch}" : $"SKU {Sku}";
        switch (symbology)
        {
            case Symbology.Gs1_128 or Symbology.Gs1DataMatrix:
                if (Gtin is null) return $"Product {Sku} has no GTIN; a GS1 label carries one. Give the product its GTIN or choose code128, qr or datamatrix.";
                return (Serial is null ? null : Gs1.CheckValue(Serial, "Serial")) ?? (Batch is null ? null : Gs1.CheckValue(Batch, "Batch"));
            case Symbology.Code128:
                return Code.All(c => c is >= ' ' and <= '~') ? null
                    : $"{what} has characters Code 128 cannot carry (it holds ASCII only); choose qr, which carries any text.";
            case Symbology.DataMatrix:
                return Code.All(c => c is >= ' ' and <= '\u00ff') ? null
                    : $"{what} has characters Data Matrix cannot carry here (it holds Latin-1 only); choose qr, which carries any text.";
            default:
                return null;
        }
    }
}

public static class Symbologies
{
    public const string Names = "code128, qr, datamatrix, gs1-128 or gs1-datamatrix";

    public static Symbology? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "code128" => Symbology.Code128,
        "qr" => Symbology.Qr,
        "datamatrix" => Symbology.DataMatrix,
        "gs1-128" => Symbology.Gs1_128,
        "gs1-datamatrix" => Symbology.Gs1DataMatrix,
        _ => null,
    };
}
