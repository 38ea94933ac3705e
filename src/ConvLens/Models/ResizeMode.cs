namespace ConvLens.Models;

/// <summary>How a user's picture is brought to the model's input size.</summary>
public enum ResizeMode
{
    /// <summary>Resize both sides to the input size (aspect ratio not kept).</summary>
    Stretch,

    /// <summary>Resize the shorter side to <see cref="Preprocessing.ResizeShorterTo"/>, then crop the centre.</summary>
    ShorterSideThenCenterCrop,

    /// <summary>
    /// Resize the longer side to fit the input, keeping the aspect ratio, and pad the rest with
    /// <see cref="Preprocessing.PadValue"/> on both sides (Ultralytics' letterbox for YOLO models).
    /// </summary>
    Letterbox,
}
