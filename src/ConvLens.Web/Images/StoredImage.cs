namespace ConvLens.Web.Images;

/// <summary>A photo the server holds: an upload or one of the samples.</summary>
/// <param name="Id">What requests name it by (<c>u…</c> for uploads, <c>sample-NAME</c> for samples).</param>
/// <param name="Name">The file name as uploaded or shipped.</param>
/// <param name="Width">Width in pixels (upright).</param>
/// <param name="Height">Height in pixels (upright).</param>
/// <param name="Path">Where the encoded file is, inside the server's folders.</param>
/// <param name="ContentType">The file's media type.</param>
/// <param name="Sample">Whether it is a shipped sample (never deleted).</param>
internal sealed record StoredImage(string Id, string Name, int Width, int Height, string Path, string ContentType, bool Sample);
