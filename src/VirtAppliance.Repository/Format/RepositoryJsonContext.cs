using System.Text.Json.Serialization;
using VirtAppliance.Repository.Client;
using VirtAppliance.Repository.Oci;
using VirtAppliance.Repository.Signing;

namespace VirtAppliance.Repository.Format;

/// <summary>Serialization code for every document the repository reads or writes, generated at build time.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.KebabCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(RepositoryIndex))]
[JsonSerializable(typeof(ApplianceManifest))]
[JsonSerializable(typeof(Envelope))]
[JsonSerializable(typeof(ResumePoint))]
[JsonSerializable(typeof(IndexReader.SeenIndex))]
internal sealed partial class RepositoryJsonContext : JsonSerializerContext;

/// <summary>OCI documents: their names are fixed by the OCI image spec (camelCase, set on each property).</summary>
[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(OciImageManifest))]
[JsonSerializable(typeof(OciImageIndex))]
[JsonSerializable(typeof(OciTagList))]
[JsonSerializable(typeof(OciCatalogPage))]
internal sealed partial class OciJsonContext : JsonSerializerContext;
