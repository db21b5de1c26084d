"""Configuration, declared once and validated strictly at start-up (Contract 4).

Every section forbids unknown keys, so a typo is an error that names the key
(``sources.1.urll: Extra inputs are not permitted``). Thresholds, lengths and batch
sizes live here, never as literals in the stages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from claimdiff.checks.kinds import DEFAULT_SEVERITY, KindName
from claimdiff.datafiles import Strict, read_yaml_mapping, validate
from claimdiff.records import Severity

Lang = Literal["ko", "ja", "en"]
Role = Literal["original", "report"]


# --- sources ---------------------------------------------------------------------------------


class FilesSource(Strict):
    """Local files: .jsonl (Contract 1), .csv (with a column mapping), .html, .txt, or a folder."""

    type: Literal["files"]
    path: Path
    outlet: str | None = None  # required for .html / .txt, optional default for csv
    role: Role | None = None
    lang: Lang | None = None
    columns: dict[str, str] = Field(default_factory=dict)  # contract field -> CSV column


class _WebSource(Strict):
    """What every web source names: where it is, whose it is, and its role and language."""

    url: str
    outlet: str
    role: Role = "report"
    lang: Lang | None = None


class FeedSource(_WebSource):
    """An RSS or Atom feed; each entry is followed to its article page."""

    type: Literal["feed"]
    follow_links: bool = True
    max_entries: int = Field(default=200, ge=1)


class PageSource(_WebSource):
    """One article page."""

    type: Literal["page"]


class SitemapSource(_WebSource):
    """A (news) sitemap; pages modified within the window are fetched."""

    type: Literal["sitemap"]
    days: float = Field(default=2.0, gt=0)
    max_pages: int = Field(default=500, ge=1)
    include_undated: bool = False  # entries without lastmod / publication date


class DatasetSource(Strict):
    """A Hugging Face dataset by name or local path, with a column mapping."""

    type: Literal["dataset"]
    name: str
    split: str = "train"
    config_name: str | None = None
    columns: dict[str, str] = Field(default_factory=dict)  # contract field -> dataset column
    outlet: str | None = None
    role: Role | None = None
    lang: Lang | None = None


Source = Annotated[
    FilesSource | FeedSource | PageSource | SitemapSource | DatasetSource,
    Field(discriminator="type"),
]


# --- models and engines ----------------------------------------------------------------------

DEFAULT_TRANSLATION = {"ja": "Helsinki-NLP/opus-mt-ja-en", "ko": "Helsinki-NLP/opus-mt-ko-en"}
DEFAULT_NLI = "MoritzLaurer/DeBERTa-v3-large-mnli-fever-anli-ling-wanli"


class ModelsConfig(Strict):
    """Which models to use. A value is a hub name or a local directory."""

    translation: dict[Lang, str] = Field(default_factory=lambda: dict(DEFAULT_TRANSLATION))
    nli: str = DEFAULT_NLI
    device: Literal["auto", "cuda", "mps", "cpu"] = "auto"
    dtype: Literal["auto", "float32", "bfloat16", "float16"] = "auto"
    # "fail": an unloadable model fails the run; "checks-only": fall back with a notice (models: auto)
    when_missing: Literal["fail", "checks-only"] = "fail"
    local_dir: Path = Path("models/cache")  # where `claimdiff models pull` puts checkpoints
    revisions: dict[str, str] = Field(default_factory=dict)  # model name -> pinned revision
    # --- added by engines ---
    # devices to shard batches across (one worker per device): None = every visible GPU, 1 on
    # CPU/MPS; on CPU, N > 1 runs N workers through the same code path (used by tests)
    device_count: int | None = Field(default=None, ge=1)
    cuda_pad_multiple: int = Field(default=8, ge=1)  # pad sequence length for tensor cores
    download: bool = True  # hub names not in local_dir / the HF cache are fetched when reachable
    hub_probe_timeout_s: float = Field(default=5.0, gt=0)  # fail fast when the hub is unreachable

    @field_validator("translation")
    @classmethod
    def _no_english_model(cls, value: dict[str, str]) -> dict[str, str]:
        if "en" in value:
            raise ValueError("English needs no translation model; remove the 'en' key")
        return value


class TranslateConfig(Strict):
    """The translation stage: engine, decoding and batching."""

    # auto: CTranslate2 int8 on CPU when installed, else transformers; or a registered engine's
    # name (transformers, ctranslate2), checked against claimdiff.models.registry at load
    engine: str = "auto"
    beam_size: int = Field(default=4, ge=1)
    max_new_tokens_ratio: float = Field(default=1.5, gt=0)  # output budget relative to input length
    max_new_tokens_min: int = Field(default=16, ge=1)
    max_input_tokens: int = Field(
        default=256, ge=8
    )  # longer sentences are split before translation
    token_budget: int = Field(default=4096, ge=64)  # padded tokens per batch
    ct2_compute_type: str = "auto"  # int8 on CPU, int8_float16 on CUDA
    # --- added by engines ---
    max_batch_size: int = Field(default=64, ge=1)  # sentences per batch, within token_budget
    # on CPU small batches are faster: CTranslate2 is compute-bound there, and a batch decodes to
    # its longest budget (beam 4, 32 sentences, 2-vCPU AMD EPYC AVX2, 2026-11-25, A/B: 256:
    # 2.94/2.42 sent/s, 512: 2.80/2.07,
    # 1024: 1.94/1.75, 128: 1.92/2.00 vs 256: 2.25/2.20)
    cpu_token_budget: int = Field(default=256, ge=16)
    ct2_threads: int = Field(default=0, ge=0)  # CTranslate2 intra-op threads; 0 = all cores
    # decode over the target side's tokens only (CTranslate2 vocabulary map; claimdiff.translate.ct2)
    ct2_vmap: bool = True
    # --- added by the store/scale-out (claimdiff.shards) ---
    # uncached texts are translated in shards of at most this many estimated tokens: the unit
    # one Dask worker takes (run.executor: dask), and the same shards in one process
    shard_tokens: int = Field(default=16384, ge=16)


class NLIConfig(Strict):
    """The NLI stage: engine, input length and batching."""

    # auto: ONNX Runtime int8 on CPU when installed, else transformers; or a registered engine's
    # name (transformers, onnx), checked against claimdiff.models.registry at load
    engine: str = "auto"
    max_length: int = Field(default=512, ge=16)
    token_budget: int = Field(default=8192, ge=64)
    # --- added by engines ---
    max_batch_size: int = Field(default=64, ge=1)  # pairs per batch, within token_budget
    # on CPU small batches are faster (ONNX int8 base, 2-vCPU AMD EPYC AVX2, 2026-11-25: 12.9
    # pairs/s at 512, 10.3 at 2048; 2026-12-01, 1 thread: 3.29 at 512, 2.97 at 1024)
    cpu_token_budget: int = Field(default=512, ge=16)
    onnx_quantize: bool = True  # dynamic int8 weights for the ONNX Runtime engine (CPU)
    onnx_threads: int = Field(default=0, ge=0)  # ONNX Runtime intra-op threads; 0 = all cores
    onnx_opset: int = Field(default=17, ge=13)
    # --- added by the store/scale-out (claimdiff.shards) ---
    # uncached pairs are scored in shards of at most this many estimated tokens (see translate)
    shard_tokens: int = Field(default=32768, ge=16)
    # Busy-waiting ORT threads (ONNX Runtime's own default) pay off on a dedicated machine
    # (idle 2-vCPU AMD EPYC AVX2, 2026-11-25: 12.1 vs 8.8 pairs/s); turn off on a box shared with
    # other heavy jobs (load 14, 2026-12-01: 1.32 spinning vs 1.81 not).
    onnx_spin: bool = True


# --- stages ----------------------------------------------------------------------------------


class SegmentConfig(Strict):
    """Sentence segmentation: length limits and boilerplate masking."""

    min_chars: int = Field(default=8, ge=1)  # shorter fragments are not statements
    max_chars: int = Field(default=600, ge=50)  # longer sentences are cut at a clause break
    segmenter: Literal["sentencex", "pysbd"] = "sentencex"  # boundary finder (claimdiff.text)
    include_title: bool = True  # the headline becomes statement 0, with start = end = -1
    boilerplate_dir: Path | None = None  # extra <lang>.yaml files extending the bundled patterns
    max_boilerplate_chars: int = Field(default=200, ge=1)  # longer lines are never boilerplate


PairEvidenceKind = Literal["value", "measure", "name", "concept", "word", "gloss"]


class AlignConfig(Strict):
    """Stories and statement pairing (claimdiff.align)."""

    window_days: float = Field(default=7.0, gt=0)  # articles further apart are never one story
    # --- stories (claimdiff.align.stories) ---
    # a key (name, number, word) found in this many articles of the window or more is generic:
    # it weighs nothing (weight log(df_max / df): a story's own name is in a handful of articles)
    story_key_df_max: int = Field(default=40, ge=3)
    # ... or in this share of a small night's articles (100 articles: a key of 10 is generic)
    story_key_max_share: float = Field(default=0.1, gt=0, le=1)
    # ... but in a large window, a key is generic only from this share of its articles: the
    # chance that two stories meet on a name or a number grows with the window (a name in 40
    # of 20,000 articles is as rare as one in 200 of 100,000); candidates still come from keys
    # in fewer than story_key_df_max articles, so the work per article stays bounded
    story_key_df_share: float = Field(default=0.004, ge=0, le=1)
    # summed weights of the (story_key_min_weight) keys two articles share that links them
    story_min_score: float = Field(default=2.5, gt=0)
    # years, round numbers, countries and big cities (align/data/words.yaml) weigh this share
    story_generic_weight: float = Field(default=0.2, ge=0, le=1)
    min_shared_keys: int = Field(default=2, ge=1)  # and at least this many shared keys ...
    story_key_min_weight: float = Field(default=0.75, ge=0)  # ... each weighing this much
    # leiden: CPM communities of the linked articles (a weak link cannot chain two stories);
    # components: every linked pair in one story (single linkage; kept for comparison)
    story_method: Literal["leiden", "components"] = "leiden"
    story_resolution: float = Field(default=0.5, gt=0)  # CPM resolution, in link-weight units
    max_story_articles: int = Field(default=80, ge=2)  # larger groups are split, with a warning
    # --- pairs (claimdiff.align.pairs) ---
    top_k: int = Field(default=3, ge=1)  # original statements paired with each report statement
    min_pair_score: float = Field(default=0.25, ge=0)  # summed evidence a pair needs
    # weight of each kind of shared evidence (times the key's rarity in the story, 0..1)
    pair_weights: dict[PairEvidenceKind, float] = Field(
        default_factory=lambda: {
            "value": 1.0,
            "measure": 0.4,
            "name": 0.4,
            "concept": 0.3,
            "word": 0.3,
            "gloss": 0.3,  # an English word of a Japanese / Korean word's JMdict glosses
        }
    )
    glosses: bool = True  # read untranslated ja / ko statements' words through JMdict
    order_weight: float = Field(default=0.1, ge=0)  # bonus for the same relative position
    # a report article pairs only with the original articles whose summed evidence with it is at
    # least this share of its best original article's (0: every original of the story)
    article_affinity: float = Field(default=0.9, ge=0, le=1)
    # a report statement's further candidates must score this share of its best one
    pair_margin: float = Field(default=0.8, ge=0, le=1)
    # ... and this share of the best pair its original statement has in the same report article
    original_margin: float = Field(default=0.7, ge=0, le=1)


class FactsConfig(Strict):
    """The fact checks: lexicons, windows, thresholds, the enabled checks and their severities."""

    lexicon_dir: Path | None = None  # extra lexicon files that extend the bundled ones
    rounding_tolerance: float = Field(default=0.02, ge=0, lt=1)
    # --- added by facts ---
    # relative difference still consistent when either side says "about" / "nearly" (50,000 ~ 49,800)
    approx_tolerance: float = Field(default=0.1, ge=0, lt=1)
    qualifier_window_chars: int = Field(
        default=16, ge=1
    )  # how far before a number to look for "more than"
    context_window_chars: int = Field(
        default=24, ge=0
    )  # Latin words this close tie quantities together
    key_min_value: float = Field(
        default=10, ge=0
    )  # bare counts below this are too common as pairing keys
    # commitment scale (possibility < plan < action (decided, will) < preliminary (MoU) <
    # commitment (binding: contract, signed) < accomplished): a rise into a
    # binding level is always flagged (kind severity); below those, news English routinely renders
    # "plans to" as "will", so a rise is flagged only from commitment_min_jump levels up
    commitment_binding_levels: list[
        Literal["possibility", "plan", "action", "preliminary", "commitment", "accomplished"]
    ] = Field(default_factory=lambda: ["commitment", "accomplished"])
    commitment_min_jump: int = Field(default=2, ge=1, le=5)
    # severity of a flagged rise that stays below the binding levels, by levels risen
    commitment_jump_severity: dict[int, Severity] = Field(
        default_factory=lambda: {
            1: Severity.LOW,
            2: Severity.MEDIUM,
            3: Severity.HIGH,
            4: Severity.HIGH,
        }
    )
    # severity per kind, keyed by the Kind table's names (claimdiff.checks.kinds) and merged over
    # its defaults: a partial map changes only the kinds it names; a mistyped kind is an error
    severity: dict[KindName, Severity] = Field(default_factory=lambda: dict(DEFAULT_SEVERITY))
    # the checks to run, by registered name (claimdiff.checks.registry), in order
    checks: list[str] = Field(
        default_factory=lambda: ["quantities", "negation", "commitment", "dates", "translation"]
    )

    @field_validator("severity")
    @classmethod
    def _merge_severity(cls, value: dict[str, Severity]) -> dict[str, Severity]:
        return {**DEFAULT_SEVERITY, **value}


class JudgeConfig(Strict):
    """How NLI probabilities and check results become findings."""

    contradiction_high: float = Field(default=0.7, ge=0, le=1)
    contradiction_medium: float = Field(default=0.4, ge=0, le=1)
    unsupported_neutral: float = Field(
        default=0.8, ge=0, le=1
    )  # neutral this sure -> "unsupported"


class ExportConfig(Strict):
    """Where the review queue goes."""

    dir: Path = Path("out")
    parquet: bool = True


class FetchConfig(Strict):
    """Fetching from the web: limits, retries, politeness and address rules."""

    allow_private_addresses: bool = False
    user_agent: str = "claimdiff/0.1 (+https://github.com/claimdiff/claimdiff)"
    timeout_s: float = Field(default=20.0, gt=0)
    retries: int = Field(default=3, ge=0)
    backoff_s: float = Field(default=1.0, ge=0)
    max_retry_after_s: float = Field(default=60.0, ge=0)
    per_host_concurrency: int = Field(default=2, ge=1)
    per_host_delay_s: float = Field(default=1.0, ge=0)
    max_bytes: int = Field(default=5_000_000, ge=1024)
    respect_robots: bool = True
    # --- added by ingest: fetching ---
    # CIDR networks allowed even when allow_private_addresses is false (an intranet news server)
    allowed_private_networks: list[str] = Field(default_factory=list)
    max_redirects: int = Field(default=5, ge=0)
    max_connections: int = Field(default=16, ge=1)  # across all hosts
    max_crawl_delay_s: float = Field(default=30.0, ge=0)  # cap on a robots.txt Crawl-delay
    refetch_known: bool = False  # re-request feed/sitemap entries whose URL is already stored
    page_content_types: list[str] = Field(
        default_factory=lambda: ["text/html", "application/xhtml+xml"]
    )
    feed_content_types: list[str] = Field(
        default_factory=lambda: [
            "application/rss+xml",
            "application/atom+xml",
            "application/rdf+xml",
            "application/xml",
            "text/xml",
            "application/x-rss+xml",
        ]
    )
    sitemap_content_types: list[str] = Field(
        default_factory=lambda: [
            "application/xml",
            "text/xml",
            "application/gzip",
            "application/x-gzip",
            "application/octet-stream",
        ]
    )
    max_sitemap_depth: int = Field(default=2, ge=0)  # sitemap index -> sitemap -> pages
    # a declared charset whose decoded text looks this garbled (charset-normalizer mess ratio) is
    # not trusted; detection decides instead
    charset_max_mess: float = Field(default=0.1, ge=0)
    charset_mess_min_chars: int = Field(default=100, ge=1)  # shorter texts: the mess ratio is noise
    # --- added by ingest: language identification and deduplication ---
    lang_detect_max_chars: int = Field(default=3000, ge=50)
    # a declared language is replaced only when the text plainly disagrees:
    lang_override_confidence: float = Field(default=0.95, ge=0, le=1)
    lang_override_min_chars: int = Field(default=40, ge=1)
    near_duplicate_jaccard: float = Field(default=0.8, gt=0, le=1)  # character n-gram shingles
    near_duplicate_ngram: int = Field(default=5, ge=2)
    near_duplicate_min_chars: int = Field(default=200, ge=1)  # shorter texts are never near-dups
    # texts with the same numbers (e.g. none) beyond this many are compared through MinHash LSH
    near_duplicate_block_max: int = Field(default=200, ge=2)
    # stored articles published this close to a new one are checked for near-copies
    near_duplicate_window_days: float = Field(default=30, gt=0)

    @field_validator("allowed_private_networks")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        import ipaddress

        for network in value:
            try:
                ipaddress.ip_network(network, strict=False)
            except ValueError as exc:
                raise ValueError(
                    f"{network!r} is not a network in CIDR form (10.0.0.0/8): {exc}"
                ) from None
        return value


class IngestConfig(Strict):
    """Limits on one input item, whatever its source."""

    # longer article texts (as given, markup included) are quarantined with a problem: one huge
    # line took minutes and gigabytes downstream; fetch.max_bytes covers only the web
    max_chars: int = Field(default=200_000, ge=1000)


class ScheduleConfig(Strict):
    """When the nightly deployment runs."""

    cron: str = "0 2 * * *"
    timezone: str = "Asia/Seoul"


class NotifyConfig(Strict):
    """Where a run's summary is sent."""

    webhook_url: str | None = None
    email_to: list[str] = Field(default_factory=list)
    email_from: str = "claimdiff@localhost"
    smtp_host: str = "localhost"
    smtp_port: int = 25
    # --- added by operations ---
    smtp_starttls: bool = False  # upgrade the SMTP connection with STARTTLS before sending
    smtp_username: str | None = None
    # name of the environment variable holding the SMTP password (never the password itself)
    smtp_password_env: str | None = None
    timeout_s: float = Field(default=10.0, gt=0)  # per webhook request / SMTP connection
    top_findings: int = Field(default=5, ge=0)  # most severe findings quoted in the message


class RunConfig(Strict):
    """How a run judges its own outcome and what it needs before it starts."""

    # a stage that loses more than this share of its items fails the run
    max_failure_share: float = Field(default=0.2, ge=0, le=1)
    # free disk space a run needs, on the store's and the output's disks, before it starts
    min_free_mb: int = Field(default=200, ge=0)
    # --- added by the store/scale-out (docs/scale-out.md) ---
    # where the translation and NLI shards run: "local" (the flow's process) or "dask" (workers
    # of the Dask scheduler at dask_address, or of a local cluster of dask_workers processes)
    executor: Literal["local", "dask"] = "local"
    dask_address: str | None = None  # e.g. tcp://scheduler:8786
    dask_workers: int = Field(default=2, ge=1)  # local cluster size when no address is given
    # processes for the segment and facts steps of a large night (claimdiff.parallel);
    # 0 = one per CPU
    cpu_workers: int = Field(default=0, ge=0)


class Config(Strict):
    """The whole configuration of a run (Contract 4)."""

    # one line per section, each built per Config (no shared default instance): a declaration
    sources: list[Source] = Field(default_factory=list)
    models: ModelsConfig | None = Field(default_factory=ModelsConfig)
    translate: TranslateConfig = Field(default_factory=TranslateConfig)
    nli: NLIConfig = Field(default_factory=NLIConfig)
    segment: SegmentConfig = Field(default_factory=SegmentConfig)
    align: AlignConfig = Field(default_factory=AlignConfig)
    facts: FactsConfig = Field(default_factory=FactsConfig)
    judge: JudgeConfig = Field(default_factory=JudgeConfig)
    store: str = "sqlite:///claimdiff.db"
    export: ExportConfig = Field(default_factory=ExportConfig)
    fetch: FetchConfig = Field(default_factory=FetchConfig)
    ingest: IngestConfig = Field(default_factory=IngestConfig)
    schedule: ScheduleConfig = Field(default_factory=ScheduleConfig)
    notify: NotifyConfig = Field(default_factory=NotifyConfig)
    run: RunConfig = Field(default_factory=RunConfig)
    state_dir: Path = Path(".state")

    @model_validator(mode="before")
    @classmethod
    def _models_shorthand(cls, data: Any) -> Any:
        # `models: auto` = default models when loadable, else checks-only; `models: null` = off.
        if isinstance(data, dict) and data.get("models") == "auto":
            data = {**data, "models": {"when_missing": "checks-only"}}
        return data

    @field_validator("store")
    @classmethod
    def _store_url(cls, value: str) -> str:
        if not value.startswith(("sqlite:///", "postgresql://", "postgres://")):
            raise ValueError(
                "store must be sqlite:///PATH (embedded) or postgresql://USER@HOST:PORT/DB, "
                f"got {value!r}"
            )
        return value

    @property
    def store_path(self) -> Path:
        """The SQLite file of a ``sqlite:///`` store (open stores with ``Store(config.store)``,
        which also takes PostgreSQL URLs)."""
        if not self.store.startswith("sqlite:///"):
            raise ValueError(f"store {self.store} is not a file; open it with Store(config.store)")
        return Path(self.store.removeprefix("sqlite:///"))


def parse_config(data: dict[str, Any] | None, origin: str = "<config>") -> Config:
    """Validate a configuration mapping; raise ConfigError naming each bad key."""
    return validate(Config, data or {}, origin, "configuration")


def load_config(path: str | Path) -> Config:
    """Read and validate a YAML configuration file."""
    return parse_config(read_yaml_mapping(Path(path), "configuration"), str(path))
