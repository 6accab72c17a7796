using System.Net;
using Stocktrail.Tests.Infrastructure;

namespace Stocktrail.Tests.Web;

public sealed class SerialCheckTests(StocktrailFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task Checking_a_hundred_thousand_typed_lines_counts_each_line_and_finds_the_one_repeat()
    {
        var product = await Api.Product("Serial");
        var lines = Enumerable.Range(1, 100_000).Select(i => $"BIG-{i:D6}").ToList();
        lines[99_999] = "big-000007"; // the same unit as line 7, in another case
        var result = await Api.PostOk("/api/serial-checks", new { productId = product, text = string.Join("\n", lines), mode = "new" }, HttpStatusCode.OK);

        Assert.Equal(99_999, (int)result["count"]!);
        var perLine = result["lines"]!.AsArray();
        Assert.Equal(100_000, perLine.Count);
        Assert.All(perLine.Take(99_999), l => Assert.Equal(1, (int)l!["count"]!));
        Assert.Equal(0, (int)perLine[99_999]!["count"]!);
        Assert.Contains("also on line 7", (string)perLine[99_999]!["problems"]![0]!);
    }
}
