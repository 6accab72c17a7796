using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Stocktrail.Features.Users;

/// <summary>
/// Tells API clients how to authenticate: the bearer API key is the document's security scheme, required by every
/// operation except the open ones (the health probe).
/// </summary>
public sealed class OpenApiSecurity : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string Scheme = "ApiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key, made for a user (POST /api/users/{id}/api-keys) and sent as `Authorization: Bearer {key}`. It acts with that user's role.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] }];
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        // Said on each operation too, so that a client generated from one operation knows it sends the key.
        operation.Security = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any()
            ? []
            : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] }];
        return Task.CompletedTask;
    }
}
