"""What readers type, and what it must find, in the archive of tests/fixtures/search (issue 14)."""

from __future__ import annotations

# A query and the title of a paper it finds (first, for an identifier).
FINDS = [
    ("Muller", "Curvature of Kähler manifolds and equivariant flows"),
    ("Müller", "Curvature of Kähler manifolds and equivariant flows"),
    ("Kahler", "Curvature of Kähler manifolds and equivariant flows"),
    ("author:muller", "Curvature of Kähler manifolds and equivariant flows"),
    ("Grobner", "Gröbner bases, copied from a PDF"),
    ("Gröbner", "Gröbner bases, copied from a PDF"),
    ("Gro\u0308bner", "Gröbner bases, copied from a PDF"),
    ("MBPP", "Code generation benchmarks"),
    ("HumanEval", "Code generation benchmarks"),
    ("GPT-4o", "Code generation benchmarks"),
    ("long-context", "Code generation benchmarks"),
    ("GPT-4o-mini", "Code generation benchmarks"),
    ("Google", "Google’s search and Google's ads"),
    ("Google's", "Google’s search and Google's ads"),
    ("Kollar", "Minimal models of threefolds"),
    ("Kollár", "Minimal models of threefolds"),
    ("author:he", "Curvature of Kähler manifolds and equivariant flows"),
    ("author:will", "Curvature of Kähler manifolds and equivariant flows"),
    ("author:an author:yang", "Curvature of Kähler manifolds and equivariant flows"),
    ("He He", "Curvature of Kähler manifolds and equivariant flows"),
    # Names being typed (no space after them): too short for a prefix, or a stop word.
    ("Li", "Code generation benchmarks"),
    ("author:Li", "Code generation benchmarks"),
    ("He", "Curvature of Kähler manifolds and equivariant flows"),
    ("Will", "Curvature of Kähler manifolds and equivariant flows"),
    ("An", "Curvature of Kähler manifolds and equivariant flows"),
    ("title: kahler", "Curvature of Kähler manifolds and equivariant flows"),
    ("TITLE:Kahler", "Curvature of Kähler manifolds and equivariant flows"),
    ("Author: Müller", "Curvature of Kähler manifolds and equivariant flows"),
    ("大语言模型", "大语言模型的对齐研究"),
    ("对齐", "大语言模型的对齐研究"),
    ("奖励模型", "大语言模型的对齐研究"),
    ("日本語", "日本語の文書を検索する方法"),
    ("文書を検索", "日本語の文書を検索する方法"),
    ("2601.04321", "Reinforcement learning from verifier feedback"),
    ("arXiv:2601.04321v2", "Reinforcement learning from verifier feedback"),
    ("https://arxiv.org/abs/2601.04321", "Reinforcement learning from verifier feedback"),
    ("https://arxiv.org/pdf/2601.04321v1.pdf", "Reinforcement learning from verifier feedback"),
    ("https://huggingface.co/papers/2601.04321", "Reinforcement learning from verifier feedback"),
    ("hf.co/papers/2601.04321", "Reinforcement learning from verifier feedback"),
    ("https://hf.co/papers/2601.04321v1", "Reinforcement learning from verifier feedback"),
    ("10.48550/arXiv.2601.04321", "Reinforcement learning from verifier feedback"),
    ("10.5555/Example.2025.17", "A paper known by its DOI"),
    ("doi:10.5555/example.2025.17", "A paper known by its DOI"),
    ("https://doi.org/10.5555/EXAMPLE.2025.17", "A paper known by its DOI"),
    ("reinforcem", "Reinforcement learning from verifier feedback"),
    ("generat", "Code generation benchmarks"),
    ("alignm", "A Survey of Multimodal Alignment"),
    ('"reward model"', "Reward model ensembles"),
]

# Words being typed (no space follows): a prefix from 3 letters, a whole word below that.
TYPED = ("reinforcem", "generat", "alignm", "Li", "author:Li", "He", "Will", "An")
