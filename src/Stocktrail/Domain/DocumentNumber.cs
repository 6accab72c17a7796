namespace Stocktrail.Domain;

/// <summary>
/// Human numbers of documents (PO-00001, SS-00001, …), made from the id once it is known. Until then a document
/// holds a unique placeholder, so that documents created at the same moment never collide on the unique index.
/// </summary>
public static class DocumentNumber
{
    public static string Placeholder() => $"~{Guid.NewGuid():N}";

    public static bool IsPlaceholder(string number) => number.StartsWith('~');

    public static string FromId(string prefix, int id) => $"{prefix}-{id:D5}";
}
