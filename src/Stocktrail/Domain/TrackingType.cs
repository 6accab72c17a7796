namespace Stocktrail.Domain;

public enum TrackingType { NonStock, Fifo, Serial, Batch }

public static class TrackingTypes
{
    public static bool HoldsStock(this TrackingType type) => type != TrackingType.NonStock;

    public static TrackingType Parse(string? text, ProblemList problems)
    {
        if (Enum.TryParse<TrackingType>(text?.Trim(), ignoreCase: true, out var type) && Enum.IsDefined(type) && !int.TryParse(text, out _))
            return type;
        problems.Add(Problem.Invalid(
            $"Tracking type '{text}' is not known: use one of {string.Join(", ", Enum.GetNames<TrackingType>())}."));
        return default;
    }
}
