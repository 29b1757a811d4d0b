/**
 * Options shared by the TfPilot entity cards.
 *
 * @public
 */
export interface TfpilotEntityCardProps {
  /**
   * Render nothing when the entity has no applied TfPilot infrastructure
   * (the default, for overview pages); otherwise say so in the card.
   */
  hideWhenEmpty?: boolean;
}
