namespace Stocktrail.Features.Expiry;

public static class ExpiryApi
{
    public static void AddExpiry(IServiceCollection services)
    {
    }

    public static void Map(RouteGroupBuilder api)
    {
    }
}
