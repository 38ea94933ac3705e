namespace ConvLens.Models.Onnx;

/// <summary>An ONNX file could not be read, validated or run; the message names the file, node, op and opset.</summary>
public sealed class OnnxImportException : ConvLensException
{
    /// <summary>Creates the error with a one-line message.</summary>
    public OnnxImportException(string message) : base(message) { }

    /// <summary>Creates the error with a one-line message and the exception that caused it.</summary>
    public OnnxImportException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the error with a default message.</summary>
    public OnnxImportException() : base("ONNX import error") { }
}
