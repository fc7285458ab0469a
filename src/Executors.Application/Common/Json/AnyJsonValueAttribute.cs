namespace Executors.Application.Common.Json;

/// <summary>
/// A <see cref="System.Text.Json.JsonElement"/> property that holds any JSON value (a default: a string, a number,
/// null…), not an object like <c>config</c>: the OpenAPI document gives it no type.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AnyJsonValueAttribute : Attribute;
