// MCP_LIMITS: the size and nesting limits applied while loading, compiling and extracting.

/** Limits applied while loading, compiling and extracting. The first two are Tenuo's; the rest are Warden's. */
export const MCP_LIMITS = {
  /** Tenuo `MAX_TOOLS_COUNT`: tools per config (checked by `compile`). */
  maxTools: 200,
  /** Tenuo `wire::MAX_CONSTRAINTS_PER_TOOL`: extraction rules per tool (checked by `compile`). */
  maxConstraintsPerTool: 64,
  /** YAML text, in UTF-8 bytes. */
  maxYamlBytes: 1024 * 1024,
  /** Nesting of YAML collections (serde_yaml allows 128; nothing legitimate comes close to 64). */
  maxYamlDepth: 64,
  /** Alias (`*name`) references followed while reading a config, counting repeats. */
  maxYamlAliases: 64,
  /** Nodes reached through aliases (an alias bomb's expansion); direct nodes are bounded by the size cap. */
  maxYamlAliasedNodes: 10_000,
  /** Nodes in a {@link McpConfig.fromObject} input, counting shared sub-objects each time they are reached. */
  maxObjectNodes: 500_000,
  /** Containers nested in tool arguments: serde_json's recursion limit (128, exclusive). */
  maxArgumentDepth: 127,
  /** Values in one call's arguments, counting shared sub-objects each time they are reached. */
  maxArgumentNodes: 1_000_000,
} as const;
