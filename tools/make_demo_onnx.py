#!/usr/bin/env python3
"""Writes the hand-weighted demo models of docs/architectures.md (no dependencies: the protobuf is encoded here).

  vit-colour.onnx   ViT-shaped: 16x16 patches of a 224x224 input become tokens [N,1+14x14,2] (a zero class token in
                    front); token channel 0 is the patch's redness, 1 its greenness; logits = the mean over tokens.
  yolo-colour.onnx  YOLOv8-shaped: one box per 16x16 cell, output [N,4+2,196] (cx, cy, w, h, red score, green score).
  yolo-ultralytics.onnx  yolo-colour.onnx as Ultralytics exports it: RGB 0..1 input (no normalisation to undo) and
                    the exporter's metadata (task detect, stride, imgsz, names red and green), so ConvLens letterboxes
                    photos, names the classes and explains the top detection by default.
  ssd-colour.onnx   SSD-shaped, in the form of tools/export_torchvision_onnx.py --raw-heads: two feature levels (the
                    16x16 cells, and their 2x2 max pool on 32x32 cells), one box per cell; outputs boxes [N,196+49,4]
                    (x1, y1, x2, y2) and softmax scores [N,196+49,3] with torchvision's background in column 0, then
                    redness and greenness: class 1 is red.

The others read ImageNet-normalised input (ConvLens's default for ONNX files) and undo the normalisation in their first
convolution. Usage: python3 tools/make_demo_onnx.py OUT_DIR
"""
import struct
import sys
from pathlib import Path

MEAN, STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)
SIZE, PATCH = 224, 16
GRID = SIZE // PATCH


def varint(n):
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field(num, wire, payload):
    return varint((num << 3) | wire) + payload


def vint(num, n):
    return field(num, 0, varint(n))


def msg(num, body):
    return field(num, 2, varint(len(body)) + body)


def text(num, s):
    return msg(num, s.encode())


def tensor(name, dims, floats=None, ints=None):
    body = b"".join(vint(1, d) for d in dims)
    if floats is not None:
        body += vint(2, 1) + msg(4, struct.pack(f"<{len(floats)}f", *floats))
    else:
        body += vint(2, 7) + msg(7, b"".join(varint(i) for i in ints))
    return body + text(8, name)


def attr(name, value):
    body = text(1, name)
    if isinstance(value, int):
        return body + vint(3, value) + vint(20, 2)
    return body + b"".join(vint(8, v) for v in value) + vint(20, 7)


def node(op, inputs, outputs, **attrs):
    body = b"".join(text(1, i) for i in inputs) + b"".join(text(2, o) for o in outputs) + text(3, outputs[0]) + text(4, op)
    return body + b"".join(msg(5, attr(k, v)) for k, v in attrs.items())


def value_info(name, dims=None):
    shape = b"" if dims is None else msg(2, b"".join(msg(1, text(2, "N") if d is None else vint(1, d)) for d in dims))
    return text(1, name) + msg(2, msg(1, vint(1, 1) + shape))


def model(nodes, initializers, outputs, opset=13, metadata=None):
    graph = b"".join(msg(1, n) for n in nodes) + text(2, "demo") + b"".join(msg(5, t) for t in initializers)
    graph += msg(11, value_info("x", [None, 3, SIZE, SIZE])) + b"".join(msg(12, value_info(o)) for o in outputs)
    props = b"".join(msg(14, text(1, k) + text(2, v)) for k, v in (metadata or {}).items())
    return vint(1, 8) + text(2, "ConvLens tools/make_demo_onnx.py") + msg(7, graph) + msg(8, text(1, "") + vint(2, opset)) + props


def colour_conv(normalised=True):
    """Weights [2,3,16,16] and bias [2]: 3 x relu-able redness r - (g+b)/2 and greenness g - (r+b)/2 of each patch,
    from ImageNet-normalised input (normalised) or from RGB in 0..1."""
    mean, std = (MEAN, STD) if normalised else ((0.0, 0.0, 0.0), (1.0, 1.0, 1.0))
    mix = [(1.0, -0.5, -0.5), (-0.5, 1.0, -0.5)]
    weights, bias = [], []
    for a in mix:
        for c in range(3):
            weights += [3 * a[c] * std[c] / (PATCH * PATCH)] * (PATCH * PATCH)
        bias.append(3 * sum(a[c] * mean[c] for c in range(3)))
    return [tensor("pw", [2, 3, PATCH, PATCH], weights), tensor("pb", [2], bias)], [
        node("Conv", ["x", "pw", "pb"], ["patch_raw"], kernel_shape=[PATCH, PATCH], strides=[PATCH, PATCH]),
        node("Relu", ["patch_raw"], ["patch"]),
    ]


def vit():
    inits, nodes = colour_conv()
    inits += [tensor("flat_shape", [3], ints=[0, 2, -1]), tensor("s0", [1], ints=[0]), tensor("s1", [1], ints=[1]),
              tensor("zero", [1], [0.0]), tensor("cls", [1, 1, 2], [0.0, 0.0])]
    nodes += [
        node("Reshape", ["patch", "flat_shape"], ["flat"]),
        node("Transpose", ["flat"], ["tokens"], perm=[0, 2, 1]),
        node("Slice", ["tokens", "s0", "s1", "s1"], ["first"]),
        node("Mul", ["first", "zero"], ["first_zero"]),
        node("Add", ["first_zero", "cls"], ["cls_token"]),
        node("Concat", ["cls_token", "tokens"], ["seq"], axis=1),
        node("ReduceMean", ["seq"], ["logits"], axes=[1], keepdims=0),
    ]
    return model(nodes, inits, ["logits"])


def yolo(ultralytics=False):
    inits, nodes = colour_conv(normalised=not ultralytics)
    grid = [0.0] * (6 * GRID * GRID)
    for r in range(GRID):
        for c in range(GRID):
            for k, v in enumerate((PATCH * c + PATCH / 2, PATCH * r + PATCH / 2, PATCH, PATCH)):
                grid[k * GRID * GRID + r * GRID + c] = v
    head = [0.0] * 12
    head[8], head[11] = 1.0, 1.0  # rows 4 and 5: the red and green scores
    inits += [tensor("hw", [6, 2, 1, 1], head), tensor("grid", [1, 6, GRID, GRID], grid), tensor("attr_shape", [3], ints=[0, 6, -1])]
    nodes += [
        node("Conv", ["patch", "hw"], ["head_raw"], kernel_shape=[1, 1]),
        node("Add", ["head_raw", "grid"], ["head"]),
        node("Reshape", ["head", "attr_shape"], ["attrs"]),
    ]
    metadata = {"description": "yolo-colour as Ultralytics exports it (ConvLens demo)", "task": "detect", "stride": str(PATCH),
                "batch": "1", "imgsz": f"[{SIZE}, {SIZE}]", "names": "{0: 'red', 1: 'green'}"} if ultralytics else None
    return model(nodes, inits, ["attrs"], metadata=metadata)


def ssd():
    inits, nodes = colour_conv()
    levels = [("patch", GRID, PATCH), ("pooled", GRID // 2, 2 * PATCH)]
    nodes.append(node("MaxPool", ["patch"], ["pooled"], kernel_shape=[2, 2], strides=[2, 2]))
    # Logits per cell: background 1.5, class 1 = 2 x redness, class 2 = 2 x greenness.
    inits += [tensor("cw", [3, 2, 1, 1], [0.0, 0.0, 2.0, 0.0, 0.0, 2.0]), tensor("cb", [3], [1.5, 0.0, 0.0]),
              tensor("bw", [4, 2, 1, 1], [0.0] * 8), tensor("cls_shape", [3], ints=[0, 3, -1]), tensor("box_shape", [3], ints=[0, 4, -1])]
    for i, (features, cells, stride) in enumerate(levels):
        corners = [0.0] * (4 * cells * cells)
        for r in range(cells):
            for c in range(cells):
                for k, v in enumerate((stride * c, stride * r, stride * (c + 1), stride * (r + 1))):
                    corners[k * cells * cells + r * cells + c] = v
        inits.append(tensor(f"corners{i}", [1, 4, cells, cells], corners))
        nodes += [
            node("Conv", [features, "cw", "cb"], [f"cls_raw{i}"], kernel_shape=[1, 1]),
            node("Reshape", [f"cls_raw{i}", "cls_shape"], [f"cls_flat{i}"]),
            node("Transpose", [f"cls_flat{i}"], [f"cls{i}"], perm=[0, 2, 1]),
            # Zero box deltas from the features, as a regression head would give, on the cell's own box.
            node("Conv", [features, "bw"], [f"box_raw{i}"], kernel_shape=[1, 1]),
            node("Add", [f"box_raw{i}", f"corners{i}"], [f"box_grid{i}"]),
            node("Reshape", [f"box_grid{i}", "box_shape"], [f"box_flat{i}"]),
            node("Transpose", [f"box_flat{i}"], [f"box{i}"], perm=[0, 2, 1]),
        ]
    nodes += [
        node("Concat", ["box0", "box1"], ["boxes"], axis=1),
        node("Concat", ["cls0", "cls1"], ["logits"], axis=1),
        node("Softmax", ["logits"], ["scores"], axis=-1),
    ]
    return model(nodes, inits, ["boxes", "scores"])


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    (out / "vit-colour.onnx").write_bytes(vit())
    (out / "yolo-colour.onnx").write_bytes(yolo())
    (out / "yolo-ultralytics.onnx").write_bytes(yolo(ultralytics=True))
    (out / "ssd-colour.onnx").write_bytes(ssd())
