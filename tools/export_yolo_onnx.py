#!/usr/bin/python3
"""Exports YOLO detectors to ONNX the way Ultralytics' exporter does, with torch's outputs beside each file, in the
layout of the ONNX backend tests (model.onnx, test_data_set_0/input_0.pb, output_0.pb). Developer tool, never a CI
dependency.

The Ultralytics package and its weights cannot be installed here (no PyPI), so the architectures are re-implemented
from their published definitions (YOLOv5 v7.0 yolov5n.yaml; Ultralytics 8.x yolov8n.yaml, yolov8n-seg.yaml,
yolov8n-pose.yaml and yolo11n.yaml): the same
modules (Conv = Conv2d + BatchNorm + SiLU, C3, C2f, C3k2, SPPF, C2PSA attention, Detect with in-graph decoding, DFL),
the same widths at scale n, the same strides and anchors. Weights are random (BatchNorm statistics too), and, as the
exporter does, every BatchNorm is folded into its convolution before export. The export carries Ultralytics'
metadata (task, stride, imgsz, names), and the input is RGB in 0..1 as Ultralytics feeds it.

Outputs: YOLOv5 one [N, boxes, 4+1+classes] (cx, cy, w, h in input pixels, objectness, class scores); YOLOv8 and
YOLO11 one [N, 4+classes, boxes] (cx, cy, w, h, class scores); YOLOv8-seg [N, 4+classes+32, boxes] (32 mask
coefficients after the classes) and the prototypes [N, 32, H/4, W/4]; YOLOv8-pose [N, 4+1+51, boxes] (one class,
person, then 17 keypoints as x, y, visibility).

Needs Debian's python3-torch and python3-onnx (run with /usr/bin/python3):
  /usr/bin/python3 tools/export_yolo_onnx.py OUT_DIR yolov5n:320:12 yolov8n:320:17 yolov8n-seg:320:17 yolo11n:320:17
Each argument is NAME[:SIZE[:OPSET]] (SIZE the square input side, default 640; OPSET default 17). Then:
  CONVLENS_YOLO_EXPORTS=OUT_DIR dotnet test tests/ConvLens.Tests -c Release --filter YoloExportTests
"""
import math
import os
import sys
from collections import Counter

import onnx
import torch
from onnx import numpy_helper
from torch import nn

COCO = ['person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus', 'train', 'truck', 'boat', 'traffic light',
        'fire hydrant', 'stop sign', 'parking meter', 'bench', 'bird', 'cat', 'dog', 'horse', 'sheep', 'cow',
        'elephant', 'bear', 'zebra', 'giraffe', 'backpack', 'umbrella', 'handbag', 'tie', 'suitcase', 'frisbee',
        'skis', 'snowboard', 'sports ball', 'kite', 'baseball bat', 'baseball glove', 'skateboard', 'surfboard',
        'tennis racket', 'bottle', 'wine glass', 'cup', 'fork', 'knife', 'spoon', 'bowl', 'banana', 'apple',
        'sandwich', 'orange', 'broccoli', 'carrot', 'hot dog', 'pizza', 'donut', 'cake', 'chair', 'couch',
        'potted plant', 'bed', 'dining table', 'toilet', 'tv', 'laptop', 'mouse', 'remote', 'keyboard', 'cell phone',
        'microwave', 'oven', 'toaster', 'sink', 'refrigerator', 'book', 'clock', 'vase', 'scissors', 'teddy bear',
        'hair drier', 'toothbrush']


class Conv(nn.Module):
    """Conv2d (no bias) + BatchNorm2d + SiLU, 'same' padding."""

    def __init__(self, c1, c2, k=1, s=1, p=None, g=1, act=True):
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, k // 2 if p is None else p, groups=g, bias=False)
        self.bn = nn.BatchNorm2d(c2, eps=0.001, momentum=0.03)
        self.act = nn.SiLU() if act else nn.Identity()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class Bottleneck(nn.Module):
    def __init__(self, c1, c2, shortcut=True, g=1, k=(3, 3), e=0.5):
        super().__init__()
        c_ = int(c2 * e)
        self.cv1 = Conv(c1, c_, k[0], 1)
        self.cv2 = Conv(c_, c2, k[1], 1, g=g)
        self.add = shortcut and c1 == c2

    def forward(self, x):
        return x + self.cv2(self.cv1(x)) if self.add else self.cv2(self.cv1(x))


class C3(nn.Module):
    def __init__(self, c1, c2, n=1, shortcut=True, e=0.5, k=(1, 3)):
        super().__init__()
        c_ = int(c2 * e)
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c1, c_, 1, 1)
        self.cv3 = Conv(2 * c_, c2, 1)
        self.m = nn.Sequential(*(Bottleneck(c_, c_, shortcut, k=k, e=1.0) for _ in range(n)))

    def forward(self, x):
        return self.cv3(torch.cat((self.m(self.cv1(x)), self.cv2(x)), 1))


class C2f(nn.Module):
    def __init__(self, c1, c2, n=1, shortcut=False, e=0.5):
        super().__init__()
        self.c = int(c2 * e)
        self.cv1 = Conv(c1, 2 * self.c, 1, 1)
        self.cv2 = Conv((2 + n) * self.c, c2, 1)
        self.m = nn.ModuleList(self.block(shortcut) for _ in range(n))

    def block(self, shortcut):
        return Bottleneck(self.c, self.c, shortcut, k=(3, 3), e=1.0)

    def forward(self, x):
        # Ultralytics' export path (forward_split): a Split node, not chunk.
        y = list(self.cv1(x).split((self.c, self.c), 1))
        y.extend(m(y[-1]) for m in self.m)
        return self.cv2(torch.cat(y, 1))


class C3k(C3):
    def __init__(self, c1, c2, n=1, shortcut=True, e=0.5, k=3):
        super().__init__(c1, c2, n, shortcut, e, k=(k, k))


class C3k2(C2f):
    def __init__(self, c1, c2, n=1, c3k=False, e=0.5, shortcut=True):
        self.c3k = c3k
        super().__init__(c1, c2, n, shortcut, e)

    def block(self, shortcut):
        return C3k(self.c, self.c, 2, shortcut) if self.c3k else Bottleneck(self.c, self.c, shortcut)


class SPPF(nn.Module):
    def __init__(self, c1, c2, k=5):
        super().__init__()
        c_ = c1 // 2
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c_ * 4, c2, 1, 1)
        self.m = nn.MaxPool2d(kernel_size=k, stride=1, padding=k // 2)

    def forward(self, x):
        y = [self.cv1(x)]
        y.extend(self.m(y[-1]) for _ in range(3))
        return self.cv2(torch.cat(y, 1))


class Attention(nn.Module):
    """Ultralytics' area-free attention of C2PSA: qkv by a 1x1 conv, heads over the flattened positions, plus a
    depthwise positional encoding of v."""

    def __init__(self, dim, num_heads=8, attn_ratio=0.5):
        super().__init__()
        self.num_heads = num_heads
        self.head_dim = dim // num_heads
        self.key_dim = int(self.head_dim * attn_ratio)
        self.scale = self.key_dim ** -0.5
        h = dim + self.key_dim * num_heads * 2
        self.qkv = Conv(dim, h, 1, act=False)
        self.proj = Conv(dim, dim, 1, act=False)
        self.pe = Conv(dim, dim, 3, 1, g=dim, act=False)

    def forward(self, x):
        b, c, h, w = x.shape
        n = h * w
        qkv = self.qkv(x)
        q, k, v = qkv.view(b, self.num_heads, self.key_dim * 2 + self.head_dim, n).split(
            [self.key_dim, self.key_dim, self.head_dim], dim=2)
        attn = (q.transpose(-2, -1) @ k) * self.scale
        attn = attn.softmax(dim=-1)
        x = (v @ attn.transpose(-2, -1)).view(b, c, h, w) + self.pe(v.reshape(b, c, h, w))
        return self.proj(x)


class PSABlock(nn.Module):
    def __init__(self, c, num_heads):
        super().__init__()
        self.attn = Attention(c, attn_ratio=0.5, num_heads=num_heads)
        self.ffn = nn.Sequential(Conv(c, c * 2, 1), Conv(c * 2, c, 1, act=False))

    def forward(self, x):
        x = x + self.attn(x)
        return x + self.ffn(x)


class C2PSA(nn.Module):
    def __init__(self, c1, c2, n=1, e=0.5):
        super().__init__()
        self.c = int(c1 * e)
        self.cv1 = Conv(c1, 2 * self.c, 1, 1)
        self.cv2 = Conv(2 * self.c, c1, 1)
        self.m = nn.Sequential(*(PSABlock(self.c, num_heads=self.c // 64) for _ in range(n)))

    def forward(self, x):
        a, b = self.cv1(x).split((self.c, self.c), dim=1)
        return self.cv2(torch.cat((a, self.m(b)), 1))


class DetectV5(nn.Module):
    """YOLOv5's anchor-based head: per level a 1x1 conv to anchors x (5 + classes), decoded in the graph."""

    anchors = [[10, 13, 16, 30, 33, 23], [30, 61, 62, 45, 59, 119], [116, 90, 156, 198, 373, 326]]

    def __init__(self, nc, ch, strides):
        super().__init__()
        self.nc, self.no, self.na = nc, nc + 5, 3
        self.strides = strides
        self.m = nn.ModuleList(nn.Conv2d(x, self.no * self.na, 1) for x in ch)

    def forward(self, xs):
        z = []
        for i, x in enumerate(xs):
            x = self.m[i](x)
            bs, _, ny, nx = x.shape
            x = x.view(bs, self.na, self.no, ny, nx).permute(0, 1, 3, 4, 2).contiguous()
            yv, xv = torch.meshgrid(torch.arange(ny, dtype=torch.float32), torch.arange(nx, dtype=torch.float32), indexing='ij')
            grid = torch.stack((xv, yv), 2).expand(1, self.na, ny, nx, 2) - 0.5
            anchor_grid = torch.tensor(self.anchors[i], dtype=torch.float32).view(1, self.na, 1, 1, 2).expand(1, self.na, ny, nx, 2)
            xy, wh, conf = x.sigmoid().split((2, 2, self.nc + 1), 4)
            xy = (xy * 2 + grid) * self.strides[i]
            wh = (wh * 2) ** 2 * anchor_grid
            z.append(torch.cat((xy, wh, conf), 4).view(bs, self.na * nx * ny, self.no))
        return torch.cat(z, 1)


class DFL(nn.Module):
    """Distribution focal loss integral: the expected distance over reg_max bins (a fixed 1x1 conv of 0..15)."""

    def __init__(self, c1=16):
        super().__init__()
        self.conv = nn.Conv2d(c1, 1, 1, bias=False).requires_grad_(False)
        self.conv.weight.data[:] = torch.arange(c1, dtype=torch.float).view(1, c1, 1, 1)
        self.c1 = c1

    def forward(self, x):
        b, _, a = x.shape
        return self.conv(x.view(b, 4, self.c1, a).transpose(2, 1).softmax(1)).view(b, 4, a)


class DetectV8(nn.Module):
    """The anchor-free decoupled head of YOLOv8 (and YOLO11, whose class branch is depthwise-separable)."""

    def __init__(self, nc, ch, strides, depthwise_cls=False):
        super().__init__()
        self.nc, self.reg_max = nc, 16
        self.no = nc + 4 * self.reg_max
        self.strides = strides
        c2, c3 = max(16, ch[0] // 4, self.reg_max * 4), max(ch[0], min(nc, 100))
        self.cv2 = nn.ModuleList(nn.Sequential(Conv(x, c2, 3), Conv(c2, c2, 3), nn.Conv2d(c2, 4 * self.reg_max, 1)) for x in ch)
        if depthwise_cls:
            self.cv3 = nn.ModuleList(nn.Sequential(
                nn.Sequential(Conv(x, x, 3, g=x), Conv(x, c3, 1)),
                nn.Sequential(Conv(c3, c3, 3, g=c3), Conv(c3, c3, 1)),
                nn.Conv2d(c3, nc, 1)) for x in ch)
        else:
            self.cv3 = nn.ModuleList(nn.Sequential(Conv(x, c3, 3), Conv(c3, c3, 3), nn.Conv2d(c3, nc, 1)) for x in ch)
        self.dfl = DFL(self.reg_max)

    def anchors(self, xs):
        """Cell centres [2, boxes] in grid units and each box's stride [1, boxes] (Ultralytics' make_anchors, offset 0.5)."""
        points, strides = [], []
        for x, s in zip(xs, self.strides):
            _, _, h, w = x.shape
            sy, sx = torch.meshgrid(torch.arange(h, dtype=torch.float32) + 0.5, torch.arange(w, dtype=torch.float32) + 0.5, indexing='ij')
            points.append(torch.stack((sx, sy), -1).view(-1, 2))
            strides.append(torch.full((h * w, 1), s, dtype=torch.float32))
        return torch.cat(points).transpose(0, 1), torch.cat(strides).transpose(0, 1)

    def forward(self, xs):
        xs = [torch.cat((self.cv2[i](x), self.cv3[i](x)), 1) for i, x in enumerate(xs)]
        anchors, strides = self.anchors(xs)
        b = xs[0].shape[0]
        x_cat = torch.cat([x.view(b, self.no, -1) for x in xs], 2)
        box, cls = x_cat.split((self.reg_max * 4, self.nc), 1)
        lt, rb = self.dfl(box).chunk(2, 1)
        x1y1, x2y2 = anchors.unsqueeze(0) - lt, anchors.unsqueeze(0) + rb
        dbox = torch.cat(((x1y1 + x2y2) / 2, x2y2 - x1y1), 1) * strides
        return torch.cat((dbox, cls.sigmoid()), 1)


class Proto(nn.Module):
    """YOLOv8-seg's mask prototypes: a 3x3 conv, a 2x transposed-conv upsampling, two convs to nm maps at stride 4."""

    def __init__(self, c1, c_, c2):
        super().__init__()
        self.cv1 = Conv(c1, c_, 3)
        self.upsample = nn.ConvTranspose2d(c_, c_, 2, 2, 0, bias=True)
        self.cv2 = Conv(c_, c_, 3)
        self.cv3 = Conv(c_, c2)

    def forward(self, x):
        return self.cv3(self.cv2(self.upsample(self.cv1(x))))


class SegmentV8(DetectV8):
    """Detect plus 32 mask coefficients per box (rows after the classes) and the prototypes as a second output."""

    def __init__(self, nc, ch, strides, nm=32, npr=64):
        super().__init__(nc, ch, strides)
        self.nm = nm
        self.proto = Proto(ch[0], npr, nm)
        c4 = max(ch[0] // 4, nm)
        self.cv4 = nn.ModuleList(nn.Sequential(Conv(x, c4, 3), Conv(c4, c4, 3), nn.Conv2d(c4, nm, 1)) for x in ch)

    def forward(self, xs):
        p = self.proto(xs[0])
        b = p.shape[0]
        mc = torch.cat([self.cv4[i](x).view(b, self.nm, -1) for i, x in enumerate(xs)], 2)
        return torch.cat([super().forward(xs), mc], 1), p


class PoseV8(DetectV8):
    """Detect plus 17 keypoints (x, y, visibility) per box, decoded in the graph, as rows after the classes."""

    def __init__(self, nc, ch, strides, kpt_shape=(17, 3)):
        super().__init__(nc, ch, strides)
        self.kpt_shape = kpt_shape
        self.nk = kpt_shape[0] * kpt_shape[1]
        c4 = max(ch[0] // 4, self.nk)
        self.cv4 = nn.ModuleList(nn.Sequential(Conv(x, c4, 3), Conv(c4, c4, 3), nn.Conv2d(c4, self.nk, 1)) for x in ch)

    def forward(self, xs):
        b = xs[0].shape[0]
        kpt = torch.cat([self.cv4[i](x).view(b, self.nk, -1) for i, x in enumerate(xs)], -1)
        anchors, strides = self.anchors(xs)
        y = kpt.view(b, *self.kpt_shape, -1)
        a = (y[:, :, :2] * 2.0 + (anchors - 0.5)) * strides
        a = torch.cat((a, y[:, :, 2:3].sigmoid()), 2)
        return torch.cat([super().forward(xs), a.view(b, self.nk, -1)], 1)


class Upsample(nn.Upsample):
    def __init__(self):
        super().__init__(scale_factor=2.0, mode='nearest')


class Yolo(nn.Module):
    """A layer list run as Ultralytics' parse_model builds it: each entry (from, module), from -1 or a list."""

    def __init__(self, layers, detect):
        super().__init__()
        self.froms = [f for f, _ in layers] + [detect[0]]
        self.model = nn.ModuleList([m for _, m in layers] + [detect[1]])

    def forward(self, x):
        y = []
        for f, m in zip(self.froms, self.model):
            if f != -1:
                x = y[f] if isinstance(f, int) else [x if j == -1 else y[j] for j in f]
            x = m(x)
            y.append(x)
        return x


class Concat(nn.Module):
    def forward(self, xs):
        return torch.cat(xs, 1)


def yolov5n(nc=80):
    # yolov5n.yaml (v7.0): depth 0.33, width 0.25.
    layers = [
        (-1, Conv(3, 16, 6, 2, 2)), (-1, Conv(16, 32, 3, 2)), (-1, C3(32, 32, 1)),
        (-1, Conv(32, 64, 3, 2)), (-1, C3(64, 64, 2)),
        (-1, Conv(64, 128, 3, 2)), (-1, C3(128, 128, 3)),
        (-1, Conv(128, 256, 3, 2)), (-1, C3(256, 256, 1)), (-1, SPPF(256, 256, 5)),
        (-1, Conv(256, 128, 1, 1)), (-1, Upsample()), ([-1, 6], Concat()), (-1, C3(256, 128, 1, False)),
        (-1, Conv(128, 64, 1, 1)), (-1, Upsample()), ([-1, 4], Concat()), (-1, C3(128, 64, 1, False)),
        (-1, Conv(64, 64, 3, 2)), ([-1, 14], Concat()), (-1, C3(128, 128, 1, False)),
        (-1, Conv(128, 128, 3, 2)), ([-1, 10], Concat()), (-1, C3(256, 256, 1, False)),
    ]
    return Yolo(layers, ([17, 20, 23], DetectV5(nc, (64, 128, 256), (8, 16, 32))))


def yolov8n(nc=80):
    # yolov8n.yaml: depth 0.33, width 0.25, max channels 1024.
    layers = [
        (-1, Conv(3, 16, 3, 2)), (-1, Conv(16, 32, 3, 2)), (-1, C2f(32, 32, 1, True)),
        (-1, Conv(32, 64, 3, 2)), (-1, C2f(64, 64, 2, True)),
        (-1, Conv(64, 128, 3, 2)), (-1, C2f(128, 128, 2, True)),
        (-1, Conv(128, 256, 3, 2)), (-1, C2f(256, 256, 1, True)), (-1, SPPF(256, 256, 5)),
        (-1, Upsample()), ([-1, 6], Concat()), (-1, C2f(384, 128, 1)),
        (-1, Upsample()), ([-1, 4], Concat()), (-1, C2f(192, 64, 1)),
        (-1, Conv(64, 64, 3, 2)), ([-1, 12], Concat()), (-1, C2f(192, 128, 1)),
        (-1, Conv(128, 128, 3, 2)), ([-1, 9], Concat()), (-1, C2f(384, 256, 1)),
    ]
    return Yolo(layers, ([15, 18, 21], DetectV8(nc, (64, 128, 256), (8, 16, 32))))


def yolov8n_seg(nc=80):
    # yolov8n-seg.yaml: yolov8n with Segment [nc, 32, 256], 256 scaled by the width to 64.
    model = yolov8n(nc)
    model.model[-1] = SegmentV8(nc, (64, 128, 256), (8, 16, 32))
    return model


def yolov8n_pose(nc=1):
    # yolov8n-pose.yaml: yolov8n with Pose [nc, [17, 3]], one class (person).
    model = yolov8n(nc)
    model.model[-1] = PoseV8(nc, (64, 128, 256), (8, 16, 32))
    return model


def yolo11n(nc=80):
    # yolo11n.yaml: depth 0.50, width 0.25, max channels 1024.
    layers = [
        (-1, Conv(3, 16, 3, 2)), (-1, Conv(16, 32, 3, 2)), (-1, C3k2(32, 64, 1, False, 0.25)),
        (-1, Conv(64, 64, 3, 2)), (-1, C3k2(64, 128, 1, False, 0.25)),
        (-1, Conv(128, 128, 3, 2)), (-1, C3k2(128, 128, 1, True)),
        (-1, Conv(128, 256, 3, 2)), (-1, C3k2(256, 256, 1, True)), (-1, SPPF(256, 256, 5)), (-1, C2PSA(256, 256, 1)),
        (-1, Upsample()), ([-1, 6], Concat()), (-1, C3k2(384, 128, 1, False)),
        (-1, Upsample()), ([-1, 4], Concat()), (-1, C3k2(256, 64, 1, False)),
        (-1, Conv(64, 64, 3, 2)), ([-1, 13], Concat()), (-1, C3k2(192, 128, 1, False)),
        (-1, Conv(128, 128, 3, 2)), ([-1, 10], Concat()), (-1, C3k2(384, 256, 1, True)),
    ]
    return Yolo(layers, ([16, 19, 22], DetectV8(nc, (64, 128, 256), (8, 16, 32), depthwise_cls=True)))


TASKS = {'seg': 'segment', 'pose': 'pose'}
BUILDERS = {'yolov5n': yolov5n, 'yolov8n': yolov8n, 'yolov8n-seg': yolov8n_seg, 'yolov8n-pose': yolov8n_pose, 'yolo11n': yolo11n}


def randomize(model):
    """Random weights and BatchNorm statistics, then the class logits spread (std 2 on a photo, centred at -5) so that
    a few boxes pass a 0.25 confidence and scores do not tie within float32 rounding."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 1.5)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)


def fuse(model):
    """Folds each Conv's BatchNorm into its convolution, as Ultralytics' exporter does (model.fuse())."""
    for m in model.modules():
        if isinstance(m, Conv):
            m.conv = torch.nn.utils.fusion.fuse_conv_bn_eval(m.conv, m.bn)
            m.bn = nn.Identity()
    return model


def class_logit_convs(head):
    if isinstance(head, DetectV5):
        return list(head.m)
    return [branch[-1] for branch in head.cv3]


def spread_class_logits(model, x, std=2.0, centre=-5.0):
    """Scales the last convolution of each class branch so that its logits have standard deviation std on the photo
    and every class is centred at centre (YOLOv5's objectness at 0): with random weights some classes would
    otherwise never pass a confidence and others always, and scores would tie within float32 rounding."""
    head = model.model[-1]
    v5 = isinstance(head, DetectV5)
    convs = list(head.m) if v5 else [branch[-1] for branch in head.cv3]
    outs = []
    hooks = [c.register_forward_hook(lambda module, i, o: outs.append(o)) for c in convs]
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    with torch.no_grad():
        for conv, o in zip(convs, outs):
            if v5:
                # [N, anchors*(5+nc), H, W]: objectness and classes are rows 4.. of each anchor; boxes stay.
                o = o.view(o.shape[0], head.na, head.no, -1)[:, :, 4:]
                w, b = conv.weight.view(head.na, head.no, -1), conv.bias.view(head.na, head.no)
                scale = std / (o - o.mean(dim=(0, 3), keepdim=True)).std()
                target = torch.full((head.no - 4,), centre)
                target[0] = 0.0
                w[:, 4:] *= scale
                # A row's mean becomes (mean - bias) * scale + new bias: centred on its target.
                b[:, 4:] = (b[:, 4:] - o.mean(dim=(0, 3))) * scale + target
            else:
                mean = o.mean(dim=(0, 2, 3))
                scale = std / (o - mean.view(1, -1, 1, 1)).std()
                conv.weight.mul_(scale)
                conv.bias.copy_((conv.bias - mean) * scale + centre)


def photo(size):
    """samples/astronaut.png as [1, 3, size, size] RGB in 0..1 (stretched; Ultralytics would letterbox)."""
    import numpy as np
    from PIL import Image
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'samples', 'astronaut.png')
    image = Image.open(path).convert('RGB').resize((size, size), Image.BILINEAR)
    return torch.from_numpy(np.asarray(image, dtype=np.float32) / 255).permute(2, 0, 1).unsqueeze(0).contiguous()


def export(out_dir, spec):
    parts = spec.split(':')
    name = parts[0]
    size = int(parts[1]) if len(parts) > 1 else 640
    opset = int(parts[2]) if len(parts) > 2 else 17
    torch.manual_seed(0)
    model = BUILDERS[name]().eval()
    randomize(model)
    model = fuse(model)
    x = photo(size)
    spread_class_logits(model, x)
    with torch.no_grad():
        expected = model(x)
    # A segmentation export has two outputs: detections with mask coefficients, and the prototypes.
    outputs = list(expected) if isinstance(expected, tuple) else [expected]
    expected = outputs[0]
    folder = os.path.join(out_dir, f'{name}_{size}_opset{opset}')
    os.makedirs(os.path.join(folder, 'test_data_set_0'), exist_ok=True)
    path = os.path.join(folder, 'model.onnx')
    # Ultralytics' names: images in, output0 out.
    torch.onnx.export(model, x, path, opset_version=opset, input_names=['images'],
                      output_names=[f'output{i}' for i in range(len(outputs))], do_constant_folding=True)
    proto = onnx.load(path)
    metadata = {
        'description': f'ConvLens re-implementation of Ultralytics {name} (random weights)',
        'author': 'ConvLens tools/export_yolo_onnx.py', 'task': TASKS.get(name.split('-')[-1], 'detect'), 'stride': '32', 'batch': '1',
        'imgsz': f'[{size}, {size}]', 'names': '{' + ', '.join(f"{i}: '{n}'" for i, n in enumerate(COCO[:model.model[-1].nc])) + '}',
    }
    for k, v in metadata.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = k, v
    onnx.save(proto, path)
    for kind, i, t in [('input', 0, x)] + [('output', i, t) for i, t in enumerate(outputs)]:
        with open(os.path.join(folder, 'test_data_set_0', f'{kind}_{i}.pb'), 'wb') as f:
            f.write(numpy_helper.from_array(t.detach().numpy()).SerializeToString())
    nc = model.model[-1].nc
    scores = expected[..., 4] if name == 'yolov5n' else expected[:, 4:4 + nc].max(1).values
    ops = Counter(n.op_type for n in proto.graph.node)
    print(f'{folder}: output {list(expected.shape)}, {int((scores > 0.25).sum())} boxes above 0.25; '
          f'{sum(ops.values())} nodes; ' + ', '.join(f'{k} {v}' for k, v in sorted(ops.items())))


if __name__ == '__main__':
    for spec in sys.argv[2:]:
        export(sys.argv[1], spec)
