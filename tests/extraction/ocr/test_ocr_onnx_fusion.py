"""fuse_gelu: the exporter's spelled-out GELU becomes one Gelu node that computes the same values."""

from __future__ import annotations

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper

from extraction.ocr.onnx_fusion import fuse_gelu


def _spelled_out_gelu(sqrt2: float = 2**0.5, tail: str = "Mul") -> onnx.ModelProto:
    constants = [
        numpy_helper.from_array(np.array(v, np.float32), name)
        for name, v in (("sqrt2", sqrt2), ("one", 1.0), ("half", 0.5))
    ]
    nodes = [
        helper.make_node("Relu", ["x"], ["a"], name="before"),
        helper.make_node("Div", ["a", "sqrt2"], ["d"], name="div"),
        helper.make_node("Erf", ["d"], ["e"], name="erf"),
        helper.make_node("Add", ["e", "one"], ["p"], name="add"),
        helper.make_node("Mul", ["a", "p"], ["m"], name="mul"),
        helper.make_node(tail, ["m", "half"], ["y"], name="half"),
    ]
    graph = helper.make_graph(
        nodes,
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 5])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 5])],
        constants,
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


def _run(model: onnx.ModelProto, x: np.ndarray) -> np.ndarray:
    session = onnxruntime.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    out: np.ndarray = session.run(None, {"x": x})[0]
    return out


def test_the_fused_gelu_computes_what_the_spelled_out_one_did() -> None:
    model = _spelled_out_gelu()
    x = np.linspace(-3, 3, 10, dtype=np.float32).reshape(2, 5)
    before = _run(model, x)
    assert fuse_gelu(model) == 1
    assert [n.op_type for n in model.graph.node] == ["Relu", "Gelu"]
    assert model.graph.node[1].input[0] == "a" and model.graph.node[1].output[0] == "y"
    assert not model.graph.initializer  # its constants went with it
    np.testing.assert_allclose(_run(model, x), before, atol=1e-6)


def test_other_constants_or_shapes_are_left_alone() -> None:
    for model in (_spelled_out_gelu(sqrt2=2.0), _spelled_out_gelu(tail="Add")):
        ops = [n.op_type for n in model.graph.node]
        assert fuse_gelu(model) == 0
        assert [n.op_type for n in model.graph.node] == ops
