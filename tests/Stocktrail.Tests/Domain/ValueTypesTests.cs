using Stocktrail.Domain;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Domain;

public sealed class ValueTypesTests
{
    [Fact]
    public void A_sku_is_trimmed_kept_as_typed_and_compared_by_its_key()
    {
        var sku = Sku.Create("  wid-01 ");

        Assert.Equal("wid-01", sku.Value);
        Assert.Equal("WID-01", sku.Key);
        Assert.Equal(Sku.Create("WID-01"), sku);
        Assert.Equal(Sku.Create("WID-01").GetHashCode(), sku.GetHashCode());
        Assert.NotEqual(Sku.Create("WID-1"), sku);
    }

    [Theory]
    [InlineData(null, "blank SKU")]
    [InlineData("  ", "blank SKU")]
    [InlineData("A\u200BB", "invisible formatting character")]
    [InlineData("A\u0007B", "control character")]
    public void A_sku_that_breaks_the_code_rules_cannot_be_made(string? text, string reason)
    {
        Assert.False(Sku.TryCreate(text, out _, out var error));
        Assert.Contains(reason, error);
        Assert.Contains(reason, Assert.Throws<StockRuleException>(() => Sku.Create(text)).Message);
    }

    [Fact]
    public void A_batch_code_typed_in_another_case_is_the_same_batch()
    {
        Assert.Equal(BatchCode.Create("lot-7"), BatchCode.Create(" LOT-7"));
        Assert.Equal("lot-7", BatchCode.Create(" lot-7 ").Value);
        Assert.False(BatchCode.TryCreate(new string('x', 65), out _, out var error));
        Assert.Contains("at most 64", error);
    }

    [Theory]
    [InlineData("0", "must be more than zero")]
    [InlineData("-2", "must be more than zero")]
    [InlineData("0.000000001", "more than 8 decimal places")]
    [InlineData("1000000000000", "too large")]
    public void A_quantity_is_more_than_zero_and_kept_exactly(string text, string reason)
    {
        Assert.False(Quantity.TryCreate(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture), out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void A_quantity_knows_whether_it_is_whole()
    {
        Assert.True(Quantity.Create(3m).IsWhole);
        Assert.False(Quantity.Create(2.5m).IsWhole);
        Assert.Equal(2.5m, (decimal)Quantity.Create(2.5m));
    }

    [Theory]
    [InlineData("-0.01", "cannot be negative")]
    [InlineData("1000000000000", "too large")]
    [InlineData("1.123456789", "more than 8 decimal places")]
    public void Money_is_not_negative_and_kept_exactly(string text, string reason)
    {
        Assert.False(Money.TryCreate(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture), out _, out var error, "The unit cost"));
        Assert.Contains(reason, error);
        Assert.True(Money.TryCreate(0m, out var zero, out _));
        Assert.Equal(0m, (decimal)zero);
    }
}

/// <summary>The SKU is stored through its value converter: what goes in comes back as typed, found by its key.</summary>
public sealed class SkuStorageTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task A_product_keeps_its_sku_as_typed_and_refuses_the_same_sku_in_another_case()
    {
        var sku = Api.Unique(" vt-Sku") + " ";
        var created = await Api.PostOk("/api/products", new { sku, name = "Value type", trackingType = "Fifo" });

        Assert.Equal(sku.Trim(), (string)created["sku"]!);
        Assert.Equal(sku.Trim(), (string)(await Api.Get($"/api/products/{(int)created["id"]!}"))["sku"]!);
        var again = await Api.PostRefused("/api/products", new { sku = sku.ToUpperInvariant(), name = "Again", trackingType = "Fifo" }, System.Net.HttpStatusCode.Conflict);
        again.Mentions("already used by another product");
    }
}
