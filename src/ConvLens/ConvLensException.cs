namespace ConvLens;

/// <summary>
/// A user-facing error: its message is one line that names the file, layer or value at fault and says what
/// would be accepted, so front ends can print it as is without a stack trace.
/// </summary>
public class ConvLensException : Exception
{
    /// <summary>Creates the error with a one-line, user-facing message.</summary>
    /// <param name="message">What went wrong and what would be accepted, naming the file or value.</param>
    public ConvLensException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a one-line, user-facing message and the low-level cause.</summary>
    /// <param name="message">What went wrong and what would be accepted, naming the file or value.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ConvLensException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error with a generic message; prefer the constructors that take a message.</summary>
    public ConvLensException()
        : base("ConvLens failed.")
    {
    }
}
