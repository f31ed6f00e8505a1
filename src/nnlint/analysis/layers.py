"""What one layer constructor or activation call is: its kind, sizes and activation.

The tables here are the vocabulary of the model analysis (analysis/models.py): which torch.nn
and Keras classes are affine, recurrent, normalisation, dropout, pooling, transparent or
activation layers, and how activations are spelled as modules, functions, methods and strings.
Anything not in the tables is ``unknown``, and an unknown layer keeps the rules silent.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from nnlint.analysis.program import Program

AFFINE = "affine"
RECURRENT = "recurrent"
NORMALISATION = "normalisation"
DROPOUT = "dropout"
ACTIVATION = "activation"
POOLING = "pooling"
TRANSPARENT = "transparent"
EMBEDDING = "embedding"
BLOCK = "block"
INPUT = "input"  # a parameter of the function being traced (where a flow starts)
UNKNOWN = "unknown"

# Activations by canonical name; "linear" is the explicit identity (Keras activation=None).
SATURATING = frozenset({"sigmoid", "hard_sigmoid", "tanh"})

_TORCH_LAYERS: dict[str, str] = {}
for _name in ("Linear", "LazyLinear", "Bilinear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d",
              "ConvTranspose2d", "ConvTranspose3d", "LazyConv1d", "LazyConv2d", "LazyConv3d"):
    _TORCH_LAYERS[_name] = AFFINE
for _name in ("RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"):
    _TORCH_LAYERS[_name] = RECURRENT
for _name in ("BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "SyncBatchNorm", "LayerNorm", "GroupNorm",
              "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "LocalResponseNorm", "RMSNorm",
              "LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d"):
    _TORCH_LAYERS[_name] = NORMALISATION
for _name in ("Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"):
    _TORCH_LAYERS[_name] = DROPOUT
for _name in ("Flatten", "Unflatten", "Identity"):
    _TORCH_LAYERS[_name] = TRANSPARENT
for _name in ("MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d",
              "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool1d",
              "AdaptiveMaxPool2d", "AdaptiveMaxPool3d", "LPPool1d", "LPPool2d"):
    _TORCH_LAYERS[_name] = POOLING
for _name in ("Embedding", "EmbeddingBag"):
    _TORCH_LAYERS[_name] = EMBEDDING

_TORCH_ACTIVATIONS = {
    "Sigmoid": "sigmoid", "Hardsigmoid": "hard_sigmoid", "Tanh": "tanh", "Softmax": "softmax",
    "LogSoftmax": "log_softmax", "Softmin": "softmin", "ReLU": "relu", "ReLU6": "relu6",
    "LeakyReLU": "leaky_relu", "PReLU": "prelu", "RReLU": "rrelu", "ELU": "elu", "SELU": "selu",
    "CELU": "celu", "GELU": "gelu", "SiLU": "silu", "Mish": "mish", "Softplus": "softplus",
    "Softsign": "softsign", "LogSigmoid": "log_sigmoid", "Hardtanh": "hardtanh",
    "Hardswish": "hard_swish", "Tanhshrink": "tanhshrink", "Threshold": "threshold", "GLU": "glu",
    "Softmax2d": "softmax2d",
}
# torch.<f>, torch.nn.functional.<f>, torch.special.<f> and Tensor.<f>() methods.
_TORCH_FUNCTIONS = {
    "sigmoid": "sigmoid", "expit": "sigmoid", "hardsigmoid": "hard_sigmoid", "tanh": "tanh",
    "softmax": "softmax", "log_softmax": "log_softmax", "softmin": "softmin", "relu": "relu",
    "relu6": "relu6", "leaky_relu": "leaky_relu", "elu": "elu", "selu": "selu", "celu": "celu",
    "gelu": "gelu", "silu": "silu", "mish": "mish", "softplus": "softplus", "hardtanh": "hardtanh",
    "logsigmoid": "log_sigmoid", "hardswish": "hard_swish", "glu": "glu",
}
TENSOR_METHOD_ACTIVATIONS = frozenset({"sigmoid", "tanh", "softmax", "log_softmax", "relu"})
# Tensor methods and torch functions that only change a tensor's shape, device or dtype.
RESHAPES = frozenset(
    {"view", "reshape", "flatten", "contiguous", "permute", "transpose", "squeeze", "unsqueeze",
     "to", "float", "half", "double", "bfloat16", "cuda", "cpu", "type_as", "view_as", "reshape_as"}
)

_KERAS_LAYERS: dict[str, str] = {}
for _name in ("Dense", "EinsumDense", "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose",
              "Conv3DTranspose", "Convolution1D", "Convolution2D", "Convolution3D", "SeparableConv1D",
              "SeparableConv2D", "DepthwiseConv1D", "DepthwiseConv2D"):
    _KERAS_LAYERS[_name] = AFFINE
for _name in ("SimpleRNN", "LSTM", "GRU", "RNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "Bidirectional",
              "CuDNNLSTM", "CuDNNGRU", "SimpleRNNCell", "LSTMCell", "GRUCell"):
    _KERAS_LAYERS[_name] = RECURRENT
for _name in ("BatchNormalization", "LayerNormalization", "GroupNormalization", "UnitNormalization",
              "SyncBatchNormalization", "RMSNormalization"):
    _KERAS_LAYERS[_name] = NORMALISATION
for _name in ("Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianDropout",
              "AlphaDropout"):
    _KERAS_LAYERS[_name] = DROPOUT
for _name in ("Flatten", "Reshape", "Permute", "InputLayer", "Input", "Identity"):
    _KERAS_LAYERS[_name] = TRANSPARENT
for _name in ("MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D",
              "AveragePooling3D", "MaxPool1D", "MaxPool2D", "MaxPool3D", "AvgPool1D", "AvgPool2D", "AvgPool3D",
              "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D",
              "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D", "GlobalAvgPool1D",
              "GlobalAvgPool2D", "GlobalMaxPool1D", "GlobalMaxPool2D"):
    _KERAS_LAYERS[_name] = POOLING
_KERAS_LAYERS["Embedding"] = EMBEDDING
_KERAS_ACTIVATION_LAYERS = {
    "ReLU": "relu", "LeakyReLU": "leaky_relu", "PReLU": "prelu", "ELU": "elu", "Softmax": "softmax",
    "ThresholdedReLU": "relu",
}
KERAS_ACTIVATION_NAMES = frozenset(
    {"sigmoid", "hard_sigmoid", "tanh", "softmax", "log_softmax", "relu", "relu6", "linear", "elu", "selu",
     "softplus", "softsign", "swish", "silu", "gelu", "exponential", "leaky_relu", "mish", "hard_silu",
     "hard_swish", "log_sigmoid", "sparse_plus", "squareplus", "celu", "glu", "tanh_shrink", "sparsemax"}
)
_TF_ACTIVATION_FUNCTIONS = {
    "sigmoid": "sigmoid", "tanh": "tanh", "softmax": "softmax", "log_softmax": "log_softmax",
    "relu": "relu", "relu6": "relu6", "elu": "elu", "selu": "selu", "gelu": "gelu", "silu": "silu",
    "swish": "silu", "softplus": "softplus", "leaky_relu": "leaky_relu", "hard_sigmoid": "hard_sigmoid",
}


@dataclass(eq=False)
class Layer:
    """One step of a model: a layer, an activation, or something nnlint cannot see into.

    ``node`` is where it is built (the constructor call) or, for functions and methods applied
    in forward()/call(), the call. ``sizes`` are the literal integer size arguments (None where
    not literal; Linear(in, out), Conv2d(in, out, ...), Dense(units)). ``activation`` is the
    canonical activation name for kind ``activation`` ("sigmoid", "tanh", "softmax", "linear",
    ... or "unknown"). ``axis`` is a softmax's dim/axis: an int, "default" (Keras: last axis),
    "missing" (torch: no dim given) or None (not literal).
    """

    node: ast.AST
    kind: str
    qualname: str | None = None
    activation: str | None = None
    sizes: tuple[int | None, ...] = ()
    size_nodes: tuple[ast.AST | None, ...] = ()
    axis: Any = None
    groups: Any = 1
    bias: bool | None = None
    name: str | None = None
    framework: str | None = None
    block: Any = None  # a Model for kind "block" (a local module class or nested stack)
    # extra: "trainable" (Keras literal), "call_site" (the helper call a specialised layer
    # was built for), "index" (kind "input": the parameter's position)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_transparent(self) -> bool:
        """Flatten, Reshape, Identity, Dropout, views: the value passes through unchanged (in eval)."""
        return self.kind in (TRANSPARENT, DROPOUT)

    @property
    def last_size(self) -> int | None:
        return self.sizes[-1] if self.sizes else None

    def __repr__(self) -> str:
        label = self.activation if self.kind == ACTIVATION else (self.qualname or "?").rsplit(".", 1)[-1]
        return f"<{self.kind}:{label}@{getattr(self.node, 'lineno', '?')}>"


def _literal_int(node: ast.AST | None) -> int | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _literal_int(node.operand)
        return -inner if inner is not None else None
    return None


def literal_int(node: ast.AST | None) -> int | None:
    """An int written literally (``3``, ``-1``), else None."""
    return _literal_int(node)


def argument(call: ast.Call, position: int | None, keyword: str) -> ast.expr | None:
    """The argument given by ``keyword=`` or at ``position``, else None."""
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    if position is not None and position < len(call.args):
        arg = call.args[position]
        if not any(isinstance(a, ast.Starred) for a in call.args[: position + 1]):
            return arg
    return None


def has_argument(call: ast.Call, position: int | None, keyword: str) -> bool:
    if any(kw.arg is None for kw in call.keywords):
        return True  # **kwargs: could hold it
    if any(isinstance(a, ast.Starred) for a in call.args):
        return True
    return argument(call, position, keyword) is not None


def _axis(node: ast.AST | None, missing: str) -> Any:
    if node is None:
        return missing
    value = _literal_int(node)
    return value


def _string(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def activation_of_value(program: Program, node: ast.AST | None) -> tuple[str, Any] | None:
    """The activation a Keras ``activation=`` value or ``Activation(...)``/``Lambda`` argument names.

    Returns (name, axis) or None when the value is not an activation nnlint can name (a
    variable, a config lookup): unknown.
    """
    if node is None or (isinstance(node, ast.Constant) and node.value is None):
        return ("linear", None)
    text = _string(node)
    if text is not None:
        name = text.lower()
        if name in KERAS_ACTIVATION_NAMES:
            return (name, "default" if name in ("softmax", "log_softmax") else None)
        return None
    qual = program.qualname(node)
    if qual:
        leaf = qual.rsplit(".", 1)[-1]
        if qual.startswith(("keras.activations.", "keras.ops.", "tensorflow.nn.", "tensorflow.math.", "tensorflow.")):
            if leaf in KERAS_ACTIVATION_NAMES:
                return (leaf, "default" if leaf in ("softmax", "log_softmax") else None)
            if leaf in _TF_ACTIVATION_FUNCTIONS:
                name = _TF_ACTIVATION_FUNCTIONS[leaf]
                return (name, "default" if name in ("softmax", "log_softmax") else None)
    return None


def layer_from_constructor(program: Program, call: ast.Call) -> list[Layer] | None:
    """The step(s) a constructor call builds: a torch/Keras layer and, for Keras, its activation.

    None when the call builds nothing nnlint knows (the caller then treats it as unknown).
    """
    qual = program.call_name(call)
    if not qual:
        return None
    leaf = qual.rsplit(".", 1)[-1]
    if qual.startswith("torch.nn.") and not qual.startswith("torch.nn.functional."):
        return _torch_layer(call, qual, leaf)
    if qual.startswith("keras.layers.") or qual in ("keras.Input", "keras.layers.Input"):
        return _keras_layer(program, call, qual, leaf)
    return None


def layer_from_class(program: Program, call: ast.Call, qual: str) -> list[Layer] | None:
    """The steps ``cls()`` builds when ``cls`` is a layer class passed around by name
    (``act=nn.Tanh`` ... ``act()``)."""
    leaf = qual.rsplit(".", 1)[-1]
    if qual.startswith("torch.nn.") and not qual.startswith("torch.nn.functional."):
        return _torch_layer(call, qual, leaf)
    if qual.startswith("keras.layers."):
        return _keras_layer(program, call, qual, leaf)
    return None


def is_layer_class(qual: str | None) -> bool:
    if not qual:
        return False
    leaf = qual.rsplit(".", 1)[-1]
    if qual.startswith("torch.nn.") and not qual.startswith("torch.nn.functional."):
        return leaf in _TORCH_ACTIVATIONS or leaf in _TORCH_LAYERS
    if qual.startswith("keras.layers."):
        return leaf in _KERAS_LAYERS or leaf in _KERAS_ACTIVATION_LAYERS
    return False


def _torch_layer(call: ast.Call, qual: str, leaf: str) -> list[Layer] | None:
    if leaf in _TORCH_ACTIVATIONS:
        name = _TORCH_ACTIVATIONS[leaf]
        axis = None
        if name in ("softmax", "log_softmax", "softmin"):
            axis = _axis(argument(call, 0, "dim"), "missing")
        return [Layer(call, ACTIVATION, qual, activation=name, axis=axis, framework="torch")]
    kind = _TORCH_LAYERS.get(leaf)
    if kind is None:
        return None
    sizes: tuple[int | None, ...] = ()
    size_nodes: tuple[ast.AST | None, ...] = ()
    groups: Any = 1
    bias: bool | None = None
    if kind == AFFINE:
        first = argument(call, 0, "in_features" if "Linear" in leaf else "in_channels")
        second = argument(call, 1, "out_features" if "Linear" in leaf else "out_channels")
        if leaf.startswith("Lazy"):
            first, second = None, argument(call, 0, "out_features" if "Linear" in leaf else "out_channels")
        if leaf == "Bilinear":
            second = argument(call, 2, "out_features")
        size_nodes = (first, second)
        sizes = (_literal_int(first), _literal_int(second))
        if leaf.startswith(("Conv", "LazyConv")):
            g = argument(call, 6, "groups")
            groups = 1 if g is None else (_literal_int(g) if _literal_int(g) is not None else g)
        b = argument(call, 2 if "Linear" in leaf else 7, "bias")
        if isinstance(b, ast.Constant) and isinstance(b.value, bool):
            bias = b.value
    elif kind == RECURRENT:
        size_nodes = (argument(call, 0, "input_size"), argument(call, 1, "hidden_size"))
        sizes = tuple(_literal_int(n) for n in size_nodes)
    return [Layer(call, kind, qual, sizes=sizes, size_nodes=size_nodes, groups=groups, bias=bias, framework="torch")]


def _keras_layer(program: Program, call: ast.Call, qual: str, leaf: str) -> list[Layer] | None:
    if leaf == "Activation":
        found = activation_of_value(program, argument(call, 0, "activation"))
        name, axis = found if found else ("unknown", None)
        return [Layer(call, ACTIVATION, qual, activation=name, axis=axis, framework="keras")]
    if leaf == "Lambda":
        found = activation_of_value(program, argument(call, 0, "function"))
        if found and found[0] != "linear":
            return [Layer(call, ACTIVATION, qual, activation=found[0], axis=found[1], framework="keras")]
        return None
    if leaf in _KERAS_ACTIVATION_LAYERS:
        name = _KERAS_ACTIVATION_LAYERS[leaf]
        axis = None
        if name == "softmax":
            axis_node = argument(call, 0, "axis")
            axis = "default" if axis_node is None else _literal_int(axis_node)
        return [Layer(call, ACTIVATION, qual, activation=name, axis=axis, framework="keras")]
    kind = _KERAS_LAYERS.get(leaf)
    if kind is None:
        return None
    sizes: tuple[int | None, ...] = ()
    size_nodes: tuple[ast.AST | None, ...] = ()
    groups: Any = 1
    steps: list[Layer] = []
    if kind in (AFFINE, RECURRENT) and not leaf.startswith("Depthwise") and leaf != "Bidirectional":
        units = argument(call, 0, "units" if leaf in ("Dense", "SimpleRNN", "LSTM", "GRU") else "filters")
        size_nodes = (units,)
        sizes = (_literal_int(units),)
    if leaf.startswith("Depthwise"):
        groups = "depthwise"
    layer = Layer(call, kind, qual, sizes=sizes, size_nodes=size_nodes, groups=groups, framework="keras")
    trainable = argument(call, None, "trainable")
    if isinstance(trainable, ast.Constant) and isinstance(trainable.value, bool):
        layer.extra["trainable"] = trainable.value
    steps.append(layer)
    if kind == AFFINE:
        position = 1 if leaf == "Dense" else None
        value = argument(call, position, "activation")
        if value is None and (has_argument(call, position, "activation") or (position is None and len(call.args) >= 5)):
            steps.append(Layer(call, ACTIVATION, None, activation="unknown", framework="keras"))
        else:
            found = activation_of_value(program, value)
            name, axis = found if found else ("unknown", None)
            if name != "linear":
                steps.append(Layer(value or call, ACTIVATION, None, activation=name, axis=axis, framework="keras"))
    return steps


def activation_from_function(program: Program, call: ast.Call) -> Layer | None:
    """``torch.sigmoid(x)``, ``F.softmax(x, dim=1)``, ``tf.nn.softmax(x)``, ``x.sigmoid()``."""
    qual = program.call_name(call)
    if qual:
        leaf = qual.rsplit(".", 1)[-1]
        prefix = qual.rsplit(".", 1)[0]
        if prefix in ("torch", "torch.nn.functional", "torch.special") and leaf in _TORCH_FUNCTIONS:
            name = _TORCH_FUNCTIONS[leaf]
            axis = None
            if name in ("softmax", "log_softmax", "softmin"):
                axis = _axis(argument(call, 1, "dim"), "missing")
            return Layer(call, ACTIVATION, qual, activation=name, axis=axis, framework="torch")
        if prefix in ("tensorflow", "tensorflow.nn", "tensorflow.math", "keras.activations", "keras.ops", "keras.ops.nn"):
            found = activation_of_value(program, call.func)
            if found and found[0] != "linear":
                axis = found[1]
                if found[0] in ("softmax", "log_softmax"):
                    axis_node = argument(call, 1, "axis")
                    axis = "default" if axis_node is None else _literal_int(axis_node)
                return Layer(call, ACTIVATION, qual, activation=found[0], axis=axis, framework="keras")
        return None
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in TENSOR_METHOD_ACTIVATIONS and not _is_module_ref(func.value):
        axis = None
        if func.attr in ("softmax", "log_softmax"):
            axis = _axis(argument(call, 0, "dim"), "missing")
        return Layer(call, ACTIVATION, None, activation=func.attr, axis=axis, framework="torch")
    return None


def _is_module_ref(node: ast.AST) -> bool:
    # ``F.sigmoid`` where F could not be resolved is not ``tensor.sigmoid()``; a bare name that
    # looks like a module alias is ambiguous, so only lowercase value expressions count.
    return isinstance(node, ast.Name) and node.id in {"F", "nn", "torch", "tf", "np", "jnp", "ops"}
