import type {
  ModuleInspection,
  ModuleOutput,
  ModuleProvider,
  ModuleVariable,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import type { ModuleMetadata } from './moduleMetadata';

/** Where a module version was read from. */
export interface ModuleOrigin {
  /**
   * The module folder as a location reference, `url:https://…/` or
   * `file:/…/`: the entity's `backstage.io/source-location`.
   */
  location: string;
  /**
   * Where the provider read the module, as a location reference: the
   * entity's `backstage.io/managed-by-location`.
   */
  readFrom: string;
  /** Web address of the folder, when there is one. */
  url?: string;
  /** How the module is named in log messages: a path or a URL. */
  label: string;
}

/** An example of the module's use: a folder under `examples/`. */
export interface ModuleExample {
  name: string;
  /** Folder inside the module, e.g. `examples/complete`. */
  path: string;
  /** The first paragraph of the example's README. */
  description?: string;
  /** Web address of the folder, when the module has one. */
  url?: string;
}

/** One version of one module, read and checked. */
export interface ModuleRelease {
  metadata: ModuleMetadata;
  inspection: ModuleInspection;
  examples: ModuleExample[];
  origin: ModuleOrigin;
}

/**
 * A module input as published in the catalog: a variable without its file
 * and without its type as written, which `typeSpec` holds parsed (render it
 * with `formatModuleType` of tfpilot-common). Written types of large modules
 * (comments included) would double the entity's size.
 */
export type ModuleInputSpec = Omit<ModuleVariable, 'file' | 'type'>;

/** A module output as published in the catalog. */
export type ModuleOutputSpec = Omit<ModuleOutput, 'file'>;

/**
 * `spec.tfpilot` of a module-version entity: what the TfPilot frontend
 * reads. `inputs` carry everything `moduleForm` needs, so the request form
 * can be rebuilt from the entity alone.
 */
export interface TfpilotModuleSpec {
  module: string;
  version: string;
  /** This is the module's latest version (see `versions`). */
  latest: boolean;
  /** Every published version of the module, newest first. */
  versions: string[];
  /** Environments the module may be requested in. */
  environments: string[];
  source: { location: string; url?: string };
  /** `terraform { required_version }`, when set. */
  requiredVersion: string | null;
  providers: Array<
    Pick<ModuleProvider, 'name' | 'source' | 'versionConstraint'>
  >;
  inputs: ModuleInputSpec[];
  outputs: ModuleOutputSpec[];
  examples: ModuleExample[];
  /** Entity ref of the Template that requests this version, if any. */
  template?: string;
}
