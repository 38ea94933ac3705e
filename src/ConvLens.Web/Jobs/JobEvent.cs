namespace ConvLens.Web.Jobs;

/// <summary>One Server-Sent Event of a job: <c>state</c>, <c>progress</c>, <c>frame</c> (an intermediate image) or <c>done</c>.</summary>
/// <param name="Type">The SSE event name.</param>
/// <param name="Data">Serialised as the event's JSON data.</param>
internal sealed record JobEvent(string Type, object Data);
