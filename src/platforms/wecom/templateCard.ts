/**
 * The subset of WeCom's `template_card` (message/send, message/update_template_card) this
 * adapter produces. Limits from WeCom's docs: horizontal_content_list ≤ 6, button_list ≤ 6,
 * select_list ≤ 3 with ≤ 10 options each, keys ≤ 1024 bytes, option ids ≤ 128 bytes, task_id
 * ≤ 128 bytes of [0-9A-Za-z_\-@], unique per app. `text_notice` must carry a card_action link.
 */
export interface MainTitle {
  title: string;
  desc?: string;
}

export interface HorizontalContent {
  keyname: string;
  value: string;
}

export interface QuoteArea {
  type: 0;
  title?: string;
  quote_text: string;
}

/** 1 blue (primary), 2 grey (default), 3 red (danger), as WeCom's client shows them. */
export type ButtonStyle = 1 | 2 | 3 | 4;

export interface TemplateButton {
  text: string;
  style: ButtonStyle;
  key: string;
}

export interface SelectOption {
  id: string;
  text: string;
}

export interface ButtonSelection {
  question_key: string;
  title: string;
  option_list: SelectOption[];
  selected_id?: string;
}

export interface SelectQuestion {
  question_key: string;
  title: string;
  option_list: SelectOption[];
  selected_id?: string;
}

/** A link under the card (type 1: a URL). */
export interface JumpLink {
  type: 1;
  title: string;
  url: string;
}

interface Body {
  main_title: MainTitle;
  sub_title_text?: string;
  quote_area?: QuoteArea;
  horizontal_content_list?: HorizontalContent[];
  jump_list?: JumpLink[];
}

export type TextNoticeCard = Body & {
  card_type: 'text_notice';
  card_action: { type: 1; url: string };
};

export type ButtonInteractionCard = Body & {
  card_type: 'button_interaction';
  task_id: string;
  button_selection?: ButtonSelection;
  button_list: TemplateButton[];
};

export interface MultipleInteractionCard {
  card_type: 'multiple_interaction';
  task_id: string;
  main_title: MainTitle;
  select_list: SelectQuestion[];
  submit_button: { text: string; key: string };
}

export type TemplateCard = TextNoticeCard | ButtonInteractionCard | MultipleInteractionCard;

export const LIMITS = {
  horizontal: 6,
  buttons: 6,
  selects: 3,
  options: 10,
  optionIdBytes: 128,
  /**
   * Our cap on sub_title_text (WeCom suggests 160 characters and folds longer text): a longer
   * interactive card is cut with an ellipsis; a longer plain notice goes out as markdown.
   */
  subtitleChars: 600,
  /** message/send's text and markdown content limit. */
  contentBytes: 2048,
  taskIdBytes: 128,
} as const;
