using Microsoft.Extensions.Configuration;
using Stocktrail.Domain;
using Stocktrail.Web;

namespace Stocktrail.Tests.Web;

public sealed class BusinessTimeTests
{
    private static BusinessTime In(string? zone) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [BusinessTime.Setting] = zone }).Build());

    [Fact]
    public void Times_show_in_the_business_time_zone_and_a_typed_day_starts_at_its_midnight_there()
    {
        var berlin = In("Europe/Berlin");

        Assert.Equal("2026-07-01 12:30", berlin.When(new DateTime(2026, 7, 1, 10, 30, 0, DateTimeKind.Utc)));
        Assert.Equal("2026-12-01 11:30", berlin.When(new DateTime(2026, 12, 1, 10, 30, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateTimeOffset(2026, 6, 30, 22, 0, 0, TimeSpan.Zero), berlin.StartOfDay(new DateTime(2026, 7, 1)));
        Assert.Equal("Europe/Berlin", berlin.ZoneName);
    }

    [Fact]
    public void Without_the_setting_times_are_UTC()
    {
        var utc = In(null);

        Assert.Equal("2026-07-01 10:30", utc.When(new DateTime(2026, 7, 1, 10, 30, 0, DateTimeKind.Utc)));
        Assert.Equal("UTC", utc.ZoneName);
    }

    [Fact]
    public void An_unknown_time_zone_is_refused_naming_the_setting()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => In("Mars/Olympus"));
        Assert.Contains(BusinessTime.Setting, refused.Message);
    }

    [Fact]
    public void Statuses_read_as_words()
    {
        Assert.Equal("In stock", FormText.Words(SerialStatus.InStock));
        Assert.Equal("Partially received", FormText.Words(PurchaseOrderStatus.PartiallyReceived));
        Assert.Equal("Non-stock", FormText.Words(TrackingType.NonStock));
        Assert.Equal("Fifo", FormText.Words(TrackingType.Fifo));
    }

    [Fact]
    public void A_blank_quantity_is_the_number_of_serials_given()
    {
        Assert.Equal(4m, FormText.QuantityOrSerials(null, "SN-1\nSN-2, SN-3\nSN-0005..SN-0005"));
        Assert.Equal(2m, FormText.QuantityOrSerials(2m, "SN-1"));
        Assert.Null(FormText.QuantityOrSerials(null, "  "));
        Assert.Null(FormText.QuantityOrSerials(null, "SN-0301.."));
    }
}
